package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.testing.TestStores;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ClientPacket.Reconnect;
import dev.revenant.pangya.codec.LoginError;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.crypto.TestKeys;
import dev.revenant.pangya.login.LoginConversation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;
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
    void guessesSpreadOverTwoNodesLockTheAccountOutOnBoth() {
        ClusterConfig community = TestRedis.fresh();
        try (RedisNode redisA = RedisNode.connect(community); RedisNode redisB = RedisNode.connect(community);
             PangyaTestServer a = new PangyaTestServer(dir.resolve("a"), "us852", 10, 3, TestStores.fresh(), redisA);
             PangyaTestServer b = new PangyaTestServer(dir.resolve("b"), "us852", 10, 3, TestStores.fresh(), redisB)) {
            // each node on a store of its own here, with the same account: the lockout is Redis's, not the store's
            a.returningPlayer("alice", "wonderland", "Ace");
            b.returningPlayer("alice", "wonderland", "Ace");
            for (PangyaTestServer node : List.of(a, b, a)) {
                try (PangyaClient guesser = node.client()) {
                    guesser.login("alice", "guess");
                    assertThat(guesser.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
                }
            }
            PangyaClient owner = b.client();
            owner.login("alice", "wonderland");
            assertThat(owner.receive()).as("the third guess was made on the other node")
                    .isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
        } finally {
            TestRedis.drop(community.name());
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

    /** A client from its own loopback address (127.0.0.x): the per-address count apart from the others. */
    private static PangyaClient from(PangyaTestServer t, String address) {
        return PangyaClient.connect(t.server.boundAddress(), new InetSocketAddress(address, 0), t.profile,
                TestKeys.tables(), Duration.ofSeconds(5));
    }

    /** Logs in and leaves: the login key stays live (a stale session), as when the player went to a game server. */
    private static String loginKeyOf(PangyaTestServer t, String username, String password) {
        try (PangyaClient c = t.client()) {
            c.login(username, password);
            c.receive(dev.revenant.pangya.codec.ServerPacket.LoginSuccess.class);
            return c.receive(LoginKey.class).key();
        }
    }

    private static LoginFailure badToken() {
        return new LoginFailure(LoginError.BAD_RECONNECT_TOKEN);
    }

    /**
     * Wrong Reconnect (0x000B) keys never reached the failure throttle: 3000 guesses took 1.8 s. They now
     * count per account and per address like wrong passwords, with the same lockout: once it is reached even
     * the right key gets the bad-token answer.
     */
    @Test
    void wrongReconnectKeysAreLockedOutLikeWrongPasswords() {
        try (PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 3)) {
            long aliceId = t.returningPlayer("alice", "wonderland", "Ace");
            long bobId = t.returningPlayer("bob", "builder", "Bobby");
            long carolId = t.returningPlayer("carol", "christmas", "Caz");
            String aliceKey = loginKeyOf(t, "alice", "wonderland");
            String bobKey = loginKeyOf(t, "bob", "builder");
            String carolKey = loginKeyOf(t, "carol", "christmas");

            // per account: three guesses from three addresses lock alice's reconnects, whoever sends them
            for (int i = 0; i < 3; i++) {
                try (PangyaClient guesser = from(t, "127.0.0." + (10 + i))) {
                    guesser.send(new Reconnect("alice", aliceId, "0000000" + i));
                    assertThat(guesser.receive()).isEqualTo(badToken());
                }
            }
            try (PangyaClient owner = from(t, "127.0.0.20")) {
                owner.send(new Reconnect("alice", aliceId, aliceKey));
                assertThat(owner.receive()).as("alice is locked out: even her own key is refused").isEqualTo(badToken());
            }
            // the same family as passwords: her password is refused too while the lockout lasts
            try (PangyaClient owner = from(t, "127.0.0.21")) {
                owner.login("alice", "wonderland");
                assertThat(owner.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
            }

            // per address: one wrong key for each of three accounts locks the address, not the accounts
            try (PangyaClient guesser = from(t, "127.0.0.30")) {
                guesser.send(new Reconnect("bob", bobId, "1111111"));
                assertThat(guesser.receive()).isEqualTo(badToken());
                guesser.send(new Reconnect("carol", carolId, "2222222"));
                assertThat(guesser.receive()).isEqualTo(badToken());
            }
            try (PangyaClient guesser = from(t, "127.0.0.30")) {
                guesser.send(new Reconnect("nobody", 99, "3333333"));
                assertThat(guesser.receive()).isEqualTo(badToken());
            }
            try (PangyaClient guesser = from(t, "127.0.0.30")) {
                guesser.send(new Reconnect("carol", carolId, carolKey));
                assertThat(guesser.receive()).as("the address is locked out").isEqualTo(badToken());
            }
            try (PangyaClient carol = from(t, "127.0.0.31")) {
                carol.send(new Reconnect("carol", carolId, carolKey));
                assertThat(carol.receive()).as("carol from her own address").isInstanceOf(LoginKey.class);
            }
            try (PangyaClient bob = from(t, "127.0.0.32")) {
                bob.send(new Reconnect("bob", bobId, bobKey));
                assertThat(bob.receive()).isInstanceOf(LoginKey.class);
            }
        }
    }

    /** Failed logins and reconnects were logged only at DEBUG; now at INFO, never with the password or key. */
    @Test
    void failedLoginsAndReconnectsAreLoggedAtInfoWithoutTheSecret() {
        Logger logger = (Logger) LoggerFactory.getLogger(LoginConversation.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        try (PangyaTestServer t = new PangyaTestServer(dir, "th829", 10, 2)) {
            long aliceId = t.returningPlayer("alice", "wonderland", "Ace");
            String key = loginKeyOf(t, "alice", "wonderland");
            try (PangyaClient c = t.client()) {
                c.login("alice", "Secret-Guess-1");
                assertThat(c.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
                c.send(new Reconnect("alice", aliceId, "ABCDEF1234567"));
                assertThat(c.receive()).isEqualTo(badToken());
                c.send(new Reconnect("alice", aliceId, key)); // locked out now: refused, and logged as such
                assertThat(c.receive()).isEqualTo(badToken());
            }
            List<String> lines = appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=pangya_login", "outcome=invalid_credentials",
                    "user=alice"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=pangya_reconnect", "outcome=bad_token",
                    "user=alice"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=pangya_reconnect", "outcome=locked_out"));
            assertThat(appender.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                    .doesNotContain("Secret-Guess-1", "ABCDEF1234567", key, "wonderland"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    private static Object loginFrom(PangyaTestServer t, String address, String user, String password) {
        try (PangyaClient c = from(t, address)) {
            c.login(user, password);
            return c.receive();
        }
    }

    @Test
    void aSuccessOnOneAccountDoesNotClearTheAddressCount() {
        try (PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 3)) {
            for (String name : new String[] {"alice", "bob", "carol", "dave", "mallory"}) {
                t.returningPlayer(name, name + "-pass1", name.substring(0, 1).toUpperCase() + name.substring(1));
            }
            LoginFailure wrong = new LoginFailure(LoginError.INVALID_CREDENTIALS);
            assertThat(loginFrom(t, "127.0.0.40", "alice", "guess")).isEqualTo(wrong);
            assertThat(loginFrom(t, "127.0.0.40", "bob", "guess")).isEqualTo(wrong);
            // the guesser's own account logs in: that says nothing about its guesses at the others
            assertThat(loginFrom(t, "127.0.0.40", "mallory", "mallory-pass1")).isNotEqualTo(wrong);
            assertThat(loginFrom(t, "127.0.0.40", "carol", "guess")).isEqualTo(wrong);
            assertThat(loginFrom(t, "127.0.0.40", "dave", "dave-pass1")).as("the address is locked out").isEqualTo(wrong);
        }
    }

    @Test
    void strangersCannotLockAPlayerOutOfAnAddressTheyLoggedInFromBefore() {
        try (PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 3)) {
            t.returningPlayer("alice", "wonderland", "Ace");
            LoginFailure wrong = new LoginFailure(LoginError.INVALID_CREDENTIALS);
            assertThat(loginFrom(t, "127.0.0.50", "alice", "wonderland")).isNotEqualTo(wrong);
            for (int i = 0; i < 3; i++) {
                assertThat(loginFrom(t, "127.0.0." + (51 + i), "alice", "guess" + i)).isEqualTo(wrong);
            }
            assertThat(loginFrom(t, "127.0.0.60", "alice", "wonderland")).as("locked for strangers").isEqualTo(wrong);
            assertThat(loginFrom(t, "127.0.0.50", "alice", "wonderland")).as("her own address").isNotEqualTo(wrong);
        }
    }
}
