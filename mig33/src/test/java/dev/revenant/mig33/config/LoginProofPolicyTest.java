package dev.revenant.mig33.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which LOGIN_RESPONSE proofs (spec §4.4) are taken from which client version. */
class LoginProofPolicyTest {
    @Test
    void aPolicyAcceptsEachOfItsFormsAndNothingElse() {
        LoginProofPolicy all = LoginProofPolicy.parse("0-: hash, hash-lower, sha1");
        assertThat(all.accepts(420, "Fw7dK2b", "Password1", 1051282937)).isTrue();
        assertThat(all.accepts(420, "Fw7dK2b", "Password1", -952685031)).isTrue();
        assertThat(all.accepts(420, "abc123", "secret", 1197072607)).isTrue();
        assertThat(all.accepts(420, "abc123", "secret", 1630532929)).isFalse();
        assertThat(all.accepts(420, "abc124", "secret", 1630532928)).isFalse();

        LoginProofPolicy midlets = LoginProofPolicy.parse("300-499: hash-lower");
        assertThat(midlets.accepts(420, "Fw7dK2b", "Password1", -952685031)).isTrue();
        assertThat(midlets.accepts(420, "Fw7dK2b", "Password1", 1051282937)).isFalse();
        assertThat(midlets.accepts(500, "Fw7dK2b", "Password1", -952685031)).isFalse();
        assertThat(midlets.formsFor(299)).isEmpty();
    }

    @Test
    void theDefaultPolicyTakesWhatEachKnownGenerationSends() {
        LoginProofPolicy p = LoginProofPolicy.parse(Mig33Config.defaults().loginProofs());
        for (int version : new int[] {300, 308, 405, 420, 430, 450, 462}) {
            assertThat(p.formsFor(version)).as("version %d", version).containsExactly(LoginProofPolicy.Form.HASH_LOWER);
        }
        assertThat(p.formsFor(212)).containsExactlyInAnyOrder(LoginProofPolicy.Form.HASH, LoginProofPolicy.Form.HASH_LOWER);
        assertThat(p.formsFor(500)).containsExactly(LoginProofPolicy.Form.SHA1);
    }

    @Test
    void aBadPolicySaysWhatIsWrong() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginProofPolicy.parse("0-499: md5"))
                .hasMessageContaining("unknown proof form 'md5'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginProofPolicy.parse("0-499: hash; 400-: sha1"))
                .hasMessageContaining("overlaps");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginProofPolicy.parse("new: sha1"))
                .hasMessageContaining("must be a version");
    }
}
