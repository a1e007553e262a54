package dev.revenant.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.session.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InMemorySessionRegistryTest {
    /** Identity matters to the registry, so this is a class, not a record. */
    static final class Fake implements SessionHandle {
        private final String service;
        private final String user;

        Fake(String service, String user) {
            this.service = service;
            this.user = user;
        }

        @Override public String service() { return service; }
        @Override public String user() { return user; }
        @Override public CompletionStage<Boolean> deliver(Delivery delivery) {
            return CompletableFuture.completedFuture(true);
        }
        @Override public void end(String reason) {}
    }

    @Test
    void secondClaimReturnsThePreviousOwnerAndReleaseOnlyFreesTheOwner() {
        var registry = new InMemorySessionRegistry();
        var first = new Fake("mig33", "alice");
        var second = new Fake("mig33", "alice");
        assertThat(registry.claim(first)).isEmpty();
        assertThat(registry.claim(second)).containsSame(first);
        assertThat(registry.release(first)).isFalse();
        assertThat(registry.lookup("mig33", "alice")).containsSame(second);
        assertThat(registry.lookup("pangya", "alice")).isEmpty();
        assertThat(registry.count("mig33")).isEqualTo(1);
        assertThat(registry.release(second)).isTrue();
        assertThat(registry.lookup("mig33", "alice")).isEmpty();
    }

    @Test
    void keysExpire() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        var registry = new InMemorySessionRegistry(clock);
        registry.putKey("login", "K1", "alice", Duration.ofMinutes(5));
        assertThat(registry.key("login", "K1")).contains("alice");
        now[0] = now[0].plus(Duration.ofMinutes(5));
        assertThat(registry.key("login", "K1")).isEmpty();
    }
}
