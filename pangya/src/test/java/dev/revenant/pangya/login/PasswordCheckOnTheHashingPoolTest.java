package dev.revenant.pangya.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.limits.LoginThrottle;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerEntry;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A login reads the store once, on the worker, and hands only the password check to the hashing pool: the
 * pool's few threads hash and never wait for the store, and the chat macros come with the account instead of
 * from a second read.
 */
class PasswordCheckOnTheHashingPoolTest {
    private static final ServerEntry ENTRY = new ServerEntry("Revenant", 20201, 2000, 0, "127.0.0.1", 20201, 0x80, 0, 0x4, 0, 0, 9);
    private static final Account ALICE = new Account(7, "alice", "Ace", 0x04000002L, 3, false);
    private static final List<String> MACROS = List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    /** Tasks handed to the hashing pool and resumed on the worker wait here until the test runs them. */
    private final Queue<Runnable> hashingPool = new ArrayDeque<>();
    private final Queue<Runnable> worker = new ArrayDeque<>();
    private boolean onHashingPool;
    /** Each call the login made on the account store, with where it ran. */
    private final List<String> calls = new ArrayList<>();
    private final List<ServerPacket> sent = new ArrayList<>();

    private String where() {
        return onHashingPool ? "hashing pool" : "worker";
    }

    /** Alice, with the password "right", and every call recorded; anything else the login asks is a failure. */
    private final Accounts accounts = new Accounts() {
        @Override
        public Optional<LoginRecord> forLogin(String username) {
            calls.add("forLogin on the " + where());
            return username.equals("alice") ? Optional.of(new LoginRecord(ALICE, "hash", MACROS)) : Optional.empty();
        }

        @Override
        public boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex) {
            calls.add("passwordMatches on the " + where());
            return stored.isPresent() && passwordMd5Hex.equals(PasswordForm.md5Hex("right"));
        }

        @Override
        public Optional<Account> byId(long id) {
            calls.add("byId");
            return Optional.empty();
        }

        @Override
        public boolean nicknameTaken(String nickname) {
            calls.add("nicknameTaken");
            return false;
        }

        @Override
        public boolean setNickname(long accountId, String nickname) {
            calls.add("setNickname");
            return false;
        }

        @Override
        public void setCharacter(long accountId, long characterType, int hairColour) {
            calls.add("setCharacter");
        }
    };

    private LoginConversation conversation() {
        InMemorySessionRegistry registry = new InMemorySessionRegistry();
        LoginService service = new LoginService(Profile.TH829, accounts,
                new IssuedKeys(registry, Duration.ofHours(6), Duration.ofMinutes(1), Clock.systemUTC()), registry,
                () -> List.of(ENTRY), List.of(ENTRY), () -> false, new SimpleMeterRegistry(),
                new LoginThrottle(0, LoginService.LOCKOUT, LoginService.MAX_LOCKOUT, Clock.systemUTC(), 100),
                hashingPool::add);
        return service.open(new Outbound() {
            @Override public void send(ServerPacket packet) { sent.add(packet); }
            @Override public void close(DisconnectCause cause, String reason) { }
            @Override public void loggedIn() { }
            @Override public void resume(Runnable task) { worker.add(task); }
            @Override public String remote() { return "/127.0.0.1:50000"; }
        });
    }

    /** Runs what was handed on: first the hashing pool's tasks (marked as such), then the worker's. */
    private void runHandedOn() {
        while (!hashingPool.isEmpty() || !worker.isEmpty()) {
            Runnable hashing = hashingPool.poll();
            if (hashing != null) {
                onHashingPool = true;
                try {
                    hashing.run();
                } finally {
                    onHashingPool = false;
                }
            }
            Runnable resumed = worker.poll();
            if (resumed != null) {
                resumed.run();
            }
        }
    }

    @Test
    void theStoreIsReadOnceOnTheWorkerAndOnlyThePasswordCheckRunsOnTheHashingPool() {
        LoginConversation login = conversation();
        login.receive(new ClientPacket.Login("alice", "right"));
        assertThat(calls).as("the store read happens before the hand-over").containsExactly("forLogin on the worker");
        runHandedOn();

        assertThat(calls).containsExactly("forLogin on the worker", "passwordMatches on the hashing pool");
        assertThat(sent.get(0)).isEqualTo(new LoginSuccess("alice", 7, "Ace"));
        assertThat(sent).contains(new ChatMacros(MACROS)); // the macros read with the account, no second read
    }

    @Test
    void anUnknownNameIsCheckedOnTheHashingPoolToo() {
        LoginConversation login = conversation();
        login.receive(new ClientPacket.Login("nobody", "right"));
        runHandedOn();

        // the decoy check costs what a wrong password costs, and where it costs it
        assertThat(calls).containsExactly("forLogin on the worker", "passwordMatches on the hashing pool");
        assertThat(sent).singleElement().isInstanceOf(LoginFailure.class);
    }
}
