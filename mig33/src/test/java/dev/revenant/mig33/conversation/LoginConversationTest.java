package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.LoginHash;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration (spec §5) and login (spec §4) over real TCP. */
class LoginConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    Mig33TestServer server(Mig33Config config) {
        server = new Mig33TestServer(dir, config);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoUsersRegisterAndLogIn() {
        server(Mig33Config.defaults());
        Mig33Client phone = server.connect();
        Packet welcome = phone.register("Alice", "S3cretPass", "60123456789");
        assertThat(welcome.type()).isEqualTo(PacketType.OK);
        assertThat(welcome.string(1)).contains("alice");
        phone.register("bob", "S3cretPass", "60123456780");

        Packet ok = server.connect().login("ALICE ", "S3cretPass");
        assertThat(ok.type()).isEqualTo(PacketType.LOGIN_OK);
        assertThat(ok.string(11)).isEqualTo("USD");
        assertThat(ok.string(1)).isEqualTo("60123456789");
        assertThat(server.connect().login("bob", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void registrationErrorsSayWhatIsWrong() {
        server(Mig33Config.defaults());
        Mig33Client phone = server.connect();
        phone.register("carol", "Secret99", "601");
        assertThatThrownBy(() -> phone.register("Carol", "Other123", "602"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("already taken");
        assertThatThrownBy(() -> phone.register("9lives", "Secret99", "602"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("Invalid username");
        assertThatThrownBy(() -> phone.register("dave", "abc", "602"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("too weak");
        assertThatThrownBy(() -> phone.register("dave", "dave1234", "602"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("username");
        assertThat(phone.isOpen()).isTrue();
    }

    @Test
    void closedRegistration() {
        server(Mig33Config.defaults().toBuilder().registrationOpen(false).build());
        assertThatThrownBy(() -> server.connect().register("erin", "Secret99", "601"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("closed");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        server(Mig33Config.defaults());
        server.register("alice");
        Mig33Client c = server.connect();
        Packet challenge = c.loginStart("alice", 420, 1);
        assertThat(challenge.string(1)).isNotEmpty();
        assertThat(challenge.string(2)).isNotEmpty();
        Packet wrong = c.call(c.request(PacketType.LOGIN_RESPONSE)
                .int32(1, LoginHash.stringHash(challenge.string(1), "nope")).build());

        Mig33Client d = server.connect();
        Packet unknownChallenge = d.loginStart("nobody", 420, 1);
        assertThat(unknownChallenge.type()).isEqualTo(PacketType.LOGIN_CHALLENGE);
        Packet unknown = d.call(d.request(PacketType.LOGIN_RESPONSE)
                .int32(1, LoginHash.stringHash(unknownChallenge.string(1), "nope")).build());

        for (Packet bad : new Packet[] {wrong, unknown}) {
            assertThat(bad.type()).isEqualTo(PacketType.ERROR);
            assertThat(bad.integer(1, 0)).isEqualTo(1);
            assertThat(bad.string(2)).isEqualTo("Username and password do not match");
        }
        // the failed attempt does not leave the connection stuck: it can log in properly
        assertThat(c.login("alice", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
    }

    /** LOGIN as {@code version}, then LOGIN_RESPONSE with the proof {@code form} makes of the challenge. */
    static Packet loginWith(Mig33Client c, String user, int version, java.util.function.ToIntFunction<String> form) {
        String challenge = c.loginStart(user, version, 1).string(1);
        return c.call(c.request(PacketType.LOGIN_RESPONSE).int32(1, form.applyAsInt(challenge)).build());
    }

    @Test
    void eachClientVersionLogsInOnlyWithTheProofItsGenerationSends() {
        server(Mig33Config.defaults());
        server.register("alice");
        String password = "S3cretPass";
        // every known MIDlet (3.00-4.62): String.hashCode of the challenge and the lower-cased password
        assertThat(loginWith(server.connect(), "alice", 420,
                ch -> LoginHash.stringHash(ch, password.toLowerCase())).type()).isEqualTo(PacketType.LOGIN_OK);
        // forms no client of that version sends are refused
        assertThat(loginWith(server.connect(), "alice", 420,
                ch -> LoginHash.stringHash(ch, password)).type()).isEqualTo(PacketType.ERROR);
        assertThat(loginWith(server.connect(), "alice", 420,
                ch -> LoginHash.sha1Fold(ch, password)).type()).isEqualTo(PacketType.ERROR);
        // a version that sends the SHA-1 fold may not fall back to the forgeable String.hashCode
        assertThat(loginWith(server.connect(), "alice", 500,
                ch -> LoginHash.stringHash(ch, password.toLowerCase())).type()).isEqualTo(PacketType.ERROR);
        assertThat(loginWith(server.connect(), "alice", 500,
                ch -> LoginHash.sha1Fold(ch, password)).type()).isEqualTo(PacketType.LOGIN_OK);
    }

    /**
     * String.hashCode is linear: hash(challenge + password) = hash(challenge)·31^len + hash(password). Two
     * sniffed (challenge, proof) pairs give len and hash(password); a proof for any new challenge follows.
     */
    static int forge(String c1, int p1, String c2, int p2, String next) {
        for (int len = 1; len <= 32; len++) {
            int pow = 1;
            for (int i = 0; i < len; i++) {
                pow *= 31;
            }
            int secret = p1 - c1.hashCode() * pow;
            if (c2.hashCode() * pow + secret == p2) {
                return next.hashCode() * pow + secret;
            }
        }
        throw new AssertionError("no length fits");
    }

    @Test
    void aProofForgedFromTwoSniffedLoginsIsRefusedWhereThePolicyAsksForSha1() {
        // the operator accepts only the SHA-1 fold (clients of version 500 and later)
        server(Mig33Config.defaults().toBuilder().loginProofs("500-: sha1").build());
        server.register("alice");
        String password = "s3cretpass";
        // two logins of alice's old phone, sniffed
        int[] proofs = new int[2];
        String[] challenges = new String[2];
        for (int i = 0; i < 2; i++) {
            challenges[i] = Long.toString(System.nanoTime() + i, 36);
            proofs[i] = LoginHash.stringHash(challenges[i], password);
        }
        // the forgery works (the protocol's weakness): it is the very proof alice's phone would send
        String challenge = "Zq9fresh";
        assertThat(forge(challenges[0], proofs[0], challenges[1], proofs[1], challenge))
                .isEqualTo(LoginHash.stringHash(challenge, password));
        // but the server takes it from no version
        for (int version : new int[] {420, 500}) {
            Mig33Client attacker = server.connect();
            Packet first = attacker.call(attacker.request(PacketType.LOGIN).int16(1, 1).int16(3, version)
                    .string(5, "alice").build());
            if (first.type() == PacketType.LOGIN_CHALLENGE) {
                int forged = forge(challenges[0], proofs[0], challenges[1], proofs[1], first.string(1));
                first = attacker.call(attacker.request(PacketType.LOGIN_RESPONSE).int32(1, forged).build());
            }
            assertThat(first.type()).as("version %d", version).isEqualTo(PacketType.ERROR);
        }
        // while alice's SHA-1 client logs in
        assertThat(loginWith(server.connect(), "alice", 500,
                ch -> LoginHash.sha1Fold(ch, "S3cretPass")).type()).isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void a2xMidletsLoginWithAFourBytePresenceWorks() {
        server(Mig33Config.defaults());
        server.register("alice", "bob");
        server.admin().addContact("bob", "alice", null, null);
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        Mig33Client old = server.connect();
        Packet login = old.request(PacketType.LOGIN).int16(1, 1).int8(2, 1).int16(3, 212).string(5, "alice")
                .int32(9, 3).build();
        String challenge = old.call(login).string(1);
        Packet ok = old.call(old.request(PacketType.LOGIN_RESPONSE)
                .int32(1, LoginHash.stringHash(challenge, "S3cretPass")).build());
        assertThat(ok.type()).isEqualTo(PacketType.LOGIN_OK);
        // the 4-byte presence was read: bob sees alice as busy
        assertThat(bob.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(3);
    }

    @Test
    void loginNotifyInMaintenance() {
        server(Mig33Config.defaults().toBuilder().maintenance(true).build());
        Mig33Client c = server.connect();
        Packet answer = c.call(c.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, "alice").build());
        assertThat(answer.type()).isEqualTo(PacketType.ERROR);
        assertThat(answer.has(1)).as("LOGIN_NOTIFY has no code field").isFalse();
        assertThat(answer.string(2)).contains("maintenance");
    }

    @Test
    void minimumVersionsAreEnforced() {
        server(Mig33Config.defaults().toBuilder().minimumVersions(400, 2).build());
        Mig33Client c = server.connect();
        Packet oldClient = c.call(c.request(PacketType.LOGIN).int16(1, 2).int16(3, 300).string(5, "a").build());
        assertThat(oldClient.integer(1, 0)).isEqualTo(100);
        Packet oldProtocol = c.call(c.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, "a").build());
        assertThat(oldProtocol.integer(1, 0)).isEqualTo(101);
        assertThat(c.call(c.request(PacketType.LOGIN).int16(1, 2).int16(3, 420).string(5, "a").build()).type())
                .isEqualTo(PacketType.LOGIN_CHALLENGE);
    }

    @Test
    void loginResponseWithoutLoginIsRefused() {
        server(Mig33Config.defaults());
        Mig33Client c = server.connect();
        Packet answer = c.call(c.request(PacketType.LOGIN_RESPONSE).int32(1, 5).build());
        assertThat(answer.type()).isEqualTo(PacketType.ERROR);
        Packet early = c.call(c.request(PacketType.GET_CONTACTS).build());
        assertThat(early.string(2)).contains("log in");
    }

    @Test
    void loginNotifyWhenTheStoreIsUnreachableWhileOnlineChatGoesOn() {
        server(Mig33Config.defaults());
        server.register("alice", "bob");
        Mig33Client alice = server.loggedIn("alice");
        Mig33Client bob = server.loggedIn("bob");
        server.loseStore();

        Mig33Client late = server.connect();
        Packet answer = late.call(late.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, "carol").build());
        assertThat(answer.type()).isEqualTo(PacketType.ERROR);
        assertThat(answer.has(1)).as("LOGIN_NOTIFY has no code field").isFalse();
        assertThat(answer.string(2)).contains("try again");
        // online chat touches no database
        alice.sendMessage("bob", "still here?");
        assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("still here?");
    }

    @Test
    void bruteForceIsLockedOutWithoutRevealingTheAccount() {
        server(Mig33Config.defaults().toBuilder().abuseLimits(3, 0).build());
        server.register("alice");
        Mig33Client c = server.connect();
        for (int i = 0; i < 3; i++) {
            String challenge = c.loginStart("alice", 420, 1).string(1);
            Packet bad = c.call(c.request(PacketType.LOGIN_RESPONSE).int32(1, LoginHash.stringHash(challenge, "guess" + i)).build());
            assertThat(bad.string(2)).isEqualTo("Username and password do not match");
        }
        // now even the right password is refused, from this address, for alice and for a name that does not exist
        Packet refused = c.call(c.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, "alice").build());
        assertThat(refused.type()).isEqualTo(PacketType.ERROR);
        assertThat(refused.string(2)).startsWith("Too many failed logins. Try again in");
        Packet unknown = c.call(c.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, "nobody").build());
        assertThat(unknown.string(2)).startsWith("Too many failed logins");
        assertThatThrownBy(() -> server.connect().login("alice", Mig33TestServer.password("alice")))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("Too many failed logins");
    }

    @Test
    void successfulLoginsResetTheCount() {
        server(Mig33Config.defaults().toBuilder().abuseLimits(2, 0).build());
        server.register("alice");
        for (int round = 0; round < 3; round++) {
            Mig33Client c = server.connect();
            String challenge = c.loginStart("alice", 420, 1).string(1);
            c.call(c.request(PacketType.LOGIN_RESPONSE).int32(1, LoginHash.stringHash(challenge, "typo")).build());
            assertThat(c.login("alice", Mig33TestServer.password("alice")).type()).isEqualTo(PacketType.LOGIN_OK);
            c.close();
        }
    }

    @Test
    void registrationIsRateLimitedPerAddress() {
        server(Mig33Config.defaults().toBuilder().abuseLimits(0, 2).build());
        Mig33Client c = server.connect();
        c.register("user1", "S3cretPass", "601");
        c.register("user2", "S3cretPass", "601");
        assertThatThrownBy(() -> c.register("user3", "S3cretPass", "601"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("Too many registrations");
    }

    /** One LOGIN with a wrong proof for {@code user}; the answer is the usual one. */
    static void wrongProof(Mig33Client c, String user) {
        String challenge = c.loginStart(user, 420, 1).string(1);
        Packet bad = c.call(c.request(PacketType.LOGIN_RESPONSE).int32(1, LoginHash.stringHash(challenge, "wrong")).build());
        assertThat(bad.string(2)).isEqualTo("Username and password do not match");
    }

    static Packet loginAttempt(Mig33Client c, String user) {
        return c.call(c.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, user).build());
    }

    @Test
    void aSuccessOnOneAccountDoesNotClearTheAddressCount() {
        server(Mig33Config.defaults().toBuilder().abuseLimits(3, 0).build());
        server.register("alice", "bob", "carol", "dave", "mallory");
        Mig33Client attacker = server.connect();
        wrongProof(attacker, "alice");
        wrongProof(attacker, "bob");
        // the attacker's own account logs in: that says nothing about the guesses at other accounts
        assertThat(server.connect().login("mallory", Mig33TestServer.password("mallory")).type()).isEqualTo(PacketType.LOGIN_OK);
        wrongProof(attacker, "carol");
        Packet refused = loginAttempt(attacker, "dave");
        assertThat(refused.type()).isEqualTo(PacketType.ERROR);
        assertThat(refused.string(2)).startsWith("Too many failed logins");
    }

    @Test
    void strangersCannotLockAnAccountOutOfAnAddressItLoggedInFromBefore() {
        server(Mig33Config.defaults().toBuilder().abuseLimits(3, 0).build());
        server.register("alice");
        String password = Mig33TestServer.password("alice");
        server.connectFrom("127.0.0.1").login("alice", password).type();
        for (String stranger : new String[] {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
            wrongProof(server.connectFrom(stranger), "alice");
        }
        // guessing stays hard: alice is locked for every address she never logged in from
        assertThat(loginAttempt(server.connectFrom("127.0.0.5"), "alice").string(2)).startsWith("Too many failed logins");
        // her own address still lets her in
        assertThat(server.connectFrom("127.0.0.1").login("alice", password).type()).isEqualTo(PacketType.LOGIN_OK);
        // and is no way round the lockout: guesses from there are counted and locked as well
        Mig33Client home = server.connectFrom("127.0.0.1");
        for (int i = 0; i < 3; i++) {
            wrongProof(home, "alice");
        }
        assertThat(loginAttempt(home, "alice").string(2)).startsWith("Too many failed logins");
    }

    @Test
    void anOverLongUsernameIsRefusedBeforeItIsRecorded() {
        server(Mig33Config.defaults());
        Packet answer = loginAttempt(server.connect(), "a".repeat(4000));
        assertThat(answer.type()).isEqualTo(PacketType.ERROR);
        assertThat(answer.string(2)).isEqualTo("Invalid username");
    }

    @Test
    void takenAnswersCountAgainstTheRegistrationLimit() {
        server(Mig33Config.defaults().toBuilder().abuseLimits(0, 3).build());
        Mig33Client c = server.connect();
        c.register("user1", "S3cretPass", "601");
        // probing names: each answer, taken or not, is one of the address's registrations
        assertThatThrownBy(() -> c.register("user1", "S3cretPass", "601")).hasMessageContaining("already taken");
        assertThatThrownBy(() -> c.register("9bad", "S3cretPass", "601")).hasMessageContaining("Invalid username");
        assertThatThrownBy(() -> c.register("user2", "S3cretPass", "601"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("Too many registrations");
    }

    static String sealedPassword(Mig33TestServer server, String user) {
        return server.jdbc().one("SELECT password_sealed FROM mig33_user WHERE username = ?", r -> r.getString(1), user)
                .orElseThrow();
    }

    @Test
    void aSealedPasswordMovedToAnotherUsersRowDoesNotLogIn() {
        server(Mig33Config.defaults());
        Mig33Client c = server.connect();
        c.register("alice", "Wonderland1", "601");
        c.register("bob", "Builder22x", "602");
        // someone who can write the store but not read the key copies alice's sealed password over bob's
        server.jdbc().update("UPDATE mig33_user SET password_sealed = ? WHERE username = ?",
                sealedPassword(server, "alice"), "bob");
        assertThatThrownBy(() -> server.connect().login("bob", "Wonderland1"))
                .isInstanceOf(Mig33Exception.class).hasMessageContaining("do not match");
        assertThat(server.connect().login("alice", "Wonderland1").type()).isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void passwordsSealedBeforeTheBindingAreBoundByAMigrationThatRunsOnce() {
        server(Mig33Config.defaults());
        server.register("alice", "bob");
        // alice's row as an earlier version sealed it (no associated data), in a store from before migration 5.9
        dev.revenant.core.secret.SecretBox key = dev.revenant.core.secret.SecretBox.open(dir.resolve("secret.key"));
        String unbound = key.seal("S3cretPass");
        server.jdbc().update("UPDATE mig33_user SET password_sealed = ? WHERE username = ?", unbound, "alice");
        server.jdbc().update("DELETE FROM \"flyway_mig33_history\" WHERE \"version\" = '5.9'");
        // nor has such a store the migrations that came after 5.9 (Flyway refuses a 5.9 that is missing below them)
        server.jdbc().update("DROP TABLE mig33_user_ban");
        server.jdbc().update("DELETE FROM \"flyway_mig33_history\" WHERE \"version\" = '6.1'");
        server.jdbc().update("DROP TABLE mig33_offline_box");
        server.jdbc().update("DELETE FROM \"flyway_mig33_history\" WHERE \"version\" = '7'");
        server.restart();
        assertThat(sealedPassword(server, "alice")).startsWith("v2:");
        assertThat(server.connect().login("alice", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
        assertThat(server.connect().login("bob", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);

        // once done, an unbound value written into a row (an old backup's) is never bound, and logs no one in
        server.jdbc().update("UPDATE mig33_user SET password_sealed = ? WHERE username = ?", unbound, "bob");
        server.restart();
        assertThat(sealedPassword(server, "bob")).isEqualTo(unbound);
        assertThatThrownBy(() -> server.connect().login("bob", "S3cretPass")).hasMessageContaining("do not match");
    }
}
