package dev.revenant.pangya.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.session.InMemorySessionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IssuedKeysTest {
    private final Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now[0]; }
    };
    private final IssuedKeys keys = new IssuedKeys(new InMemorySessionRegistry(clock), Duration.ofMinutes(30),
            Duration.ofMinutes(5), clock);
    private final Account alice = new Account(7, "alice", "Ace", 0x04000001L, 0, false);

    @Test
    void sessionKeysExpireAndSayWhoAndWhere() {
        String key = keys.issueSessionKey(alice, 20201);
        assertThat(keys.checkSessionKey(key)).contains(
                new GameSession(7, "alice", "Ace", 20201, Instant.parse("2026-01-01T00:05:00Z")));
        now[0] = now[0].plus(Duration.ofMinutes(5));
        assertThat(keys.checkSessionKey(key)).isEmpty();
        assertThat(keys.checkSessionKey("")).isEmpty();
        assertThat(keys.checkSessionKey(null)).isEmpty();
    }

    @Test
    void loginKeysAreBoundToTheUserAndExpire() {
        String key = keys.issueLoginKey(7);
        assertThat(keys.loginKeyValid(key, 7)).isTrue();
        assertThat(keys.loginKeyValid(key, 8)).isFalse();
        assertThat(keys.hasLiveLoginKey(7)).isTrue();
        now[0] = now[0].plus(Duration.ofMinutes(30));
        assertThat(keys.loginKeyValid(key, 7)).isFalse();
        assertThat(keys.hasLiveLoginKey(7)).isFalse(); // expired: the next login is not a stale session
    }

    @Test
    void endingASessionRetiresBothKeys() {
        String login = keys.issueLoginKey(7);
        String session = keys.issueSessionKey(alice, 20201);
        keys.endSession(7);
        assertThat(keys.loginKeyValid(login, 7)).isFalse();
        assertThat(keys.hasLiveLoginKey(7)).isFalse();
        assertThat(keys.checkSessionKey(session)).isEmpty();
    }

    /**
     * Reconnect keys were 7 hex digits (28 bits): guessable. Keys are now as long as the clients are known to
     * take (36 characters, the length of the UUID strings a public server hands real clients) and every
     * character is drawn from a secure random source: 144 bits.
     */
    @Test
    void loginAndSessionKeysHaveTheFullEntropyTheClientsAccept() {
        List<Supplier<String>> kinds = List.of(() -> keys.issueLoginKey(7), () -> keys.issueSessionKey(alice, 20201));
        for (Supplier<String> kind : kinds) {
            List<Set<Character>> seen = new java.util.ArrayList<>();
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                String key = kind.get();
                assertThat(key).matches("[0-9A-F]{36}");
                distinct.add(key);
                for (int p = 0; p < key.length(); p++) {
                    if (seen.size() <= p) {
                        seen.add(new HashSet<>());
                    }
                    seen.get(p).add(key.charAt(p));
                }
            }
            assertThat(distinct).hasSize(500);
            // every position varies over the whole alphabet (500 draws miss a hex digit with odds below 1e-12)
            assertThat(seen).allSatisfy(symbols -> assertThat(symbols).hasSize(16));
        }
    }
}
