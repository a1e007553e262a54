package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.LoginError;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins lock an account and an address out, with the invalid-credentials answer. */
class BruteForceTest {
    @TempDir Path dir;

    @Test
    void afterTheThresholdEvenTheRightPasswordGetsInvalidCredentials() {
        try (PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 3)) {
            t.returningPlayer("alice", "wonderland", "Ace");
            for (int i = 0; i < 3; i++) {
                PangyaClient guesser = t.client();
                guesser.login("alice", "guess" + i);
                assertThat(guesser.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
                guesser.close();
            }
            PangyaClient owner = t.client();
            owner.login("alice", "wonderland");
            assertThat(owner.receive()).as("locked out, indistinguishable from a wrong password")
                    .isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
            PangyaClient unknown = t.client();
            unknown.login("nobody", "whatever");
            assertThat(unknown.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
        }
    }

    @Test
    void aSuccessResetsTheCount() {
        try (PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 2)) {
            t.returningPlayer("alice", "wonderland", "Ace");
            for (int round = 0; round < 3; round++) {
                PangyaClient c = t.client();
                c.login("alice", "typo");
                assertThat(c.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
                c.login("alice", "wonderland");
                // accepted (success, or the stale-session answer of a second login): never the lockout's answer
                assertThat(c.receive()).isNotEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
                c.close();
            }
        }
    }
}
