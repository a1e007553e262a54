package dev.revenant.mig33.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worked examples of spec §4.4. */
class LoginHashTest {
    @Test
    void stringHashMatchesTheWorkedExamples() {
        assertThat(LoginHash.stringHash("abc123", "secret")).isEqualTo(1630532928).isEqualTo(0x612FF540);
        assertThat(LoginHash.stringHash("Fw7dK2b", "Password1")).isEqualTo(1051282937);
        assertThat(LoginHash.stringHash("Fw7dK2b", "password1")).isEqualTo(-952685031);
    }

    @Test
    void sha1FoldMatchesTheWorkedExample() {
        assertThat(LoginHash.sha1Fold("abc123", "secret")).isEqualTo(1197072607);
    }

    @Test
    void acceptsEachFormAndNothingElse() {
        assertThat(LoginHash.accepts("Fw7dK2b", "Password1", 1051282937)).isTrue();
        assertThat(LoginHash.accepts("Fw7dK2b", "Password1", -952685031)).isTrue();
        assertThat(LoginHash.accepts("abc123", "secret", 1197072607)).isTrue();
        assertThat(LoginHash.accepts("abc123", "secret", 1630532929)).isFalse();
        assertThat(LoginHash.accepts("abc124", "secret", 1630532928)).isFalse();
    }
}
