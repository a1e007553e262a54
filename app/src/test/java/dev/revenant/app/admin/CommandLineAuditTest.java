package dev.revenant.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.LocalConfig;
import dev.revenant.app.RevenantServer;
import dev.revenant.app.RevenantTestAccess;
import dev.revenant.app.cli.RunningServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 7 for the command line: a command that changes the store is in the audit log with the
 * operator's account, where it ran and how it ended; one the running server ran for it is recorded there,
 * with the address it came from; a password never is.
 */
class CommandLineAuditTest {
    @TempDir Path dataDir;

    @Test
    void aCommandRunOnTheStoreIsRecordedWithWhoAndHowItEnded() {
        assertThat(RevenantTestAccess.run("user", "add", "alice", "--password=S3cretPass", "--data-dir", dataDir.toString()))
                .isZero();
        assertThat(RevenantTestAccess.run("user", "del", "nobody", "--data-dir", dataDir.toString())).isEqualTo(1);
        List<AuditLog.Entry> entries = new AuditLog(dataDir).latest(10);
        assertThat(entries).hasSize(2);
        AuditLog.Entry refused = entries.get(0);
        assertThat(refused.action()).isEqualTo("user del");
        assertThat(refused.target()).isEqualTo("nobody");
        assertThat(refused.outcome()).isEqualTo("refused (exit 1): no user nobody");
        AuditLog.Entry added = entries.get(1);
        assertThat(added.who()).isEqualTo("cli:" + System.getProperty("user.name"));
        assertThat(added.from()).startsWith("local (process ");
        assertThat(added.action()).isEqualTo("user add");
        assertThat(added.target()).isEqualTo("alice");
        assertThat(added.outcome()).isEqualTo("ok");
        assertThat(entries).allSatisfy(e -> assertThat(e.toString()).doesNotContain("S3cretPass"));
    }

    @Test
    void aCommandTheRunningServerRanIsRecordedThereOnce() throws Exception {
        try (RevenantServer server = new RevenantServer(LocalConfig.of(dataDir, Map.of()))) {
            server.start();
            // what revenant does when another process holds the embedded store (in one JVM the store is shared,
            // so the hand-over is called as revenant calls it)
            java.io.StringWriter out = new java.io.StringWriter();
            int exit = RunningServer.forward(LocalConfig.of(dataDir, Map.of()), List.of("user", "add", "bob", "--password=S3cretPass"),
                    new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true), "held");
            assertThat(exit).as(out.toString()).isZero();
        }
        List<AuditLog.Entry> entries = new AuditLog(dataDir).latest(10);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.who()).isEqualTo("cli:" + System.getProperty("user.name"));
            assertThat(e.from()).isEqualTo("127.0.0.1");
            assertThat(e.action()).isEqualTo("user add");
            assertThat(e.target()).isEqualTo("bob");
        });
    }
}
