package dev.revenant.mig33.codec;

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
}
