package dev.revenant.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.http.AdminToken;
import dev.revenant.app.http.ConsoleSessions;
import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.mig33.session.Mig33Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin side's limits, each with its default: what is kept, how much is read, how long a sign-in lives. */
class AdminLimitsTest {
    @TempDir Path dir;

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theLatestCrashReportsAreKeptUpToTheirLimit() {
        InMemoryMessageBus bus = new InMemoryMessageBus(new InMemorySessionRegistry());
        try (ClientReports reports = new ClientReports(bus)) {
            for (int i = 0; i < ClientReports.KEPT + 5; i++) {
                bus.publish(Mig33Context.CLIENT_REPORTS_TOPIC, Delivery.of("report", "user", "alice", "clientVersion", "462",
                        "type", "1", "address", "127.0.0.1:1", "at", Long.toString(i), "text", "crash " + i));
            }
            List<ClientReports.Report> latest = reports.latest(Integer.MAX_VALUE);
            assertThat(latest).hasSize(ClientReports.KEPT);
            assertThat(latest.get(0).text()).isEqualTo("crash " + (ClientReports.KEPT + 4));
        }
    }

    @Test
    void theAuditLogReadsAtMostItsLimitNewestFirst() {
        AuditLog audit = new AuditLog(dir);
        for (int i = 0; i < AuditLog.MAX_READ + 3; i++) {
            audit.record("api", "127.0.0.1", "user ban", "u" + i, "ok");
        }
        List<AuditLog.Entry> read = audit.latest(Integer.MAX_VALUE);
        assertThat(read).hasSize(AuditLog.MAX_READ);
        assertThat(read.get(0).target()).isEqualTo("u" + (AuditLog.MAX_READ + 2));
    }

    @Test
    void theAuditLogIsTheOwnersOnly() throws Exception {
        new AuditLog(dir).record("api", "127.0.0.1", "user ban", "bob", "ok");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(AuditLog.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void aConsoleLeftAloneSignsOutAndSignInsAreBounded() {
        AdminToken token = AdminToken.loadOrCreate(dir.resolve("admin.token"));
        String secret;
        try {
            secret = Files.readString(dir.resolve("admin.token")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Hands clock = new Hands();
        ConsoleSessions sessions = new ConsoleSessions(token, clock);
        String id = sessions.signIn(secret, "x".repeat(100), "127.0.0.1").sessionId().orElseThrow();
        Map<String, List<String>> request = Map.of("Cookie", List.of(ConsoleSessions.COOKIE + "=" + id),
                ConsoleSessions.HEADER, List.of("1"));
        assertThat(sessions.signedIn(request)).get().extracting(ConsoleSessions.Signed::operator)
                .isEqualTo("x".repeat(ConsoleSessions.MAX_OPERATOR_NAME));
        clock.now = clock.now.plus(ConsoleSessions.IDLE.minus(Duration.ofMinutes(1)));
        assertThat(sessions.signedIn(request)).as("used within the idle time").isPresent();
        clock.now = clock.now.plus(ConsoleSessions.IDLE.plus(Duration.ofMinutes(1)));
        assertThat(sessions.signedIn(request)).as("left alone longer").isEmpty();

        for (int i = 0; i < ConsoleSessions.MAX_SESSIONS * 2; i++) {
            sessions.signIn(secret, "op", "127.0.0.1");
        }
        assertThat(sessions.size()).isLessThanOrEqualTo(ConsoleSessions.MAX_SESSIONS);
    }
}
