package dev.revenant.pangya.server;

import static dev.revenant.pangya.server.PangyaTestServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ClientPacket.CheckNickname;
import dev.revenant.pangya.codec.ClientPacket.Ghost;
import dev.revenant.pangya.codec.ClientPacket.Reconnect;
import dev.revenant.pangya.codec.ClientPacket.SelectCharacter;
import dev.revenant.pangya.codec.ClientPacket.SelectServer;
import dev.revenant.pangya.codec.ClientPacket.SetNickname;
import dev.revenant.pangya.codec.LoginError;
import dev.revenant.pangya.codec.ServerPacket.CharacterSelected;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import dev.revenant.pangya.codec.ServerPacket.NeedCharacter;
import dev.revenant.pangya.codec.ServerPacket.NeedNickname;
import dev.revenant.pangya.codec.ServerPacket.NicknameCheck;
import dev.revenant.pangya.codec.ServerPacket.SessionKey;
import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.GameSession;
import dev.revenant.pangya.login.LoginConversation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every flow of spec §7 over real TCP with the client library, once per client profile: "alice sends …,
 * the server answers …".
 */
class LoginConversationTest {
    @TempDir Path dir;
    PangyaTestServer t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private PangyaTestServer start(String profile) {
        t = new PangyaTestServer(dir, profile);
        return t;
    }

    /** The burst after 0x0001 success: login key, macros, message servers, game servers. Returns the login key. */
    private static String burst(PangyaClient c) {
        String key = c.receive(LoginKey.class).key();
        assertThat(key).matches("[0-9A-F]{36}");
        assertThat(c.receive(ChatMacros.class).macros()).isEqualTo(Account.DEFAULT_MACROS);
        assertThat(c.receive(MessageServerList.class).servers()).singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo("Messenger"));
        assertThat(c.receive(GameServerList.class).servers()).singleElement().satisfies(s -> {
            // the default configuration's server, so a fresh install shows one
            assertThat(s.name()).isEqualTo("Revenant");
            assertThat(s.id()).isEqualTo(20201);
            assertThat(s.address()).isEqualTo("127.0.0.1");
            assertThat(s.port()).isEqualTo(20201);
        });
        return key;
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void returningPlayerGetsTheBurstThenASessionKeyForTheChosenServer(String profile) {
        start(profile);
        long id = t.returningPlayer("alice", "wonderland", "Ace");
        PangyaClient alice = t.client();
        assertThat(alice.helloServerId()).isEqualTo(10101);
        alice.login("alice", "wonderland");
        assertThat(alice.receive()).isEqualTo(new LoginSuccess("alice", id, "Ace"));
        burst(alice);

        alice.send(new SelectServer(20201));
        String sessionKey = alice.receive(SessionKey.class).key();
        GameSession session = t.server.checkSessionKey(sessionKey).orElseThrow();
        assertThat(session.userId()).isEqualTo(id);
        assertThat(session.username()).isEqualTo("alice");
        assertThat(session.nickname()).isEqualTo("Ace");
        assertThat(session.serverId()).isEqualTo(20201);
        assertThat(t.server.checkSessionKey("0000000")).isEmpty();

        // picking again replaces the key: only the newest one is good
        alice.send(new SelectServer(20201));
        String second = alice.receive(SessionKey.class).key();
        assertThat(t.server.checkSessionKey(second)).isPresent();
        assertThat(t.server.checkSessionKey(sessionKey)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void firstLoginChecksAndSetsTheNicknameThenTheCharacter(String profile) {
        start(profile);
        long id = t.admin.add("newbie", "pw");
        t.returningPlayer("taken", "pw", "Birdie");
        PangyaClient c = t.client();
        c.login("newbie", "pw");
        assertThat(c.receive()).isEqualTo(new NeedNickname());

        c.send(new CheckNickname("birdie"));
        assertThat(c.receive()).isEqualTo(new NicknameCheck(LoginConversation.NICKNAME_IN_USE, ""));
        c.send(new CheckNickname("Newbie"));
        assertThat(c.receive()).isEqualTo(new NicknameCheck(LoginConversation.NICKNAME_NOT_ALLOWED, ""));
        c.send(new CheckNickname("no"));
        assertThat(c.receive()).isEqualTo(new NicknameCheck(LoginConversation.NICKNAME_NOT_ALLOWED, ""));
        c.send(new CheckNickname("Eagle"));
        assertThat(c.receive()).isEqualTo(new NicknameCheck(0, "Eagle"));

        c.send(new SetNickname("Eagle"));
        assertThat(c.receive()).isEqualTo(new NeedCharacter()); // not 0x000E: that leaves the client stuck
        c.send(new SelectCharacter(0x04000009L, 2));
        assertThat(c.receive()).isEqualTo(new CharacterSelected());
        assertThat(c.receive()).isEqualTo(new LoginSuccess("newbie", id, "Eagle"));
        burst(c);
        assertThat(t.store.byId(id)).contains(new Account(id, "newbie", "Eagle", 0x04000009L, 2, false));

        // the player left from the server list, properly: a later login goes straight to success, no Ghost
        c.close();
        await(() -> t.registry.lookup("pangya", "newbie").isEmpty(), "release of newbie");
        PangyaClient again = t.client();
        again.login("newbie", "pw");
        assertThat(again.receive()).isEqualTo(new LoginSuccess("newbie", id, "Eagle"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void aConnectionDroppedMidLoginLeavesTheSessionOpenUntilAGhost(String profile) {
        start(profile);
        long id = t.admin.add("dropper", "pw");
        PangyaClient c = t.client();
        c.login("dropper", "pw");
        assertThat(c.receive()).isEqualTo(new NeedNickname());
        c.close(); // gone in the middle of the first login
        await(() -> t.registry.lookup("pangya", "dropper").isEmpty(), "release of dropper");

        PangyaClient again = t.client();
        again.login("dropper", "pw");
        assertThat(again.receive()).isEqualTo(new LoginFailure(LoginError.ALREADY_LOGGED_IN));
        again.send(new Ghost());
        assertThat(again.receive()).isEqualTo(new NeedNickname());
        assertThat(t.store.byId(id)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void aGameSessionIsOpenUntilItsGameServerReportsItClosed(String profile) {
        start(profile);
        long id = t.returningPlayer("golfer", "putt", "Putter");
        PangyaClient first = t.client();
        first.login("golfer", "putt");
        first.receive(LoginSuccess.class);
        burst(first);
        first.send(new SelectServer(20201));
        String key = first.receive(SessionKey.class).key();
        first.close(); // on to the game server, which checks the key it was handed
        await(() -> t.registry.lookup("pangya", "golfer").isEmpty(), "release of golfer");
        assertThat(t.server.takeSessionKey(key)).map(GameSession::userId).contains(id);

        // still playing there: a login from elsewhere is a stale session, to be ghosted
        PangyaClient meanwhile = t.client();
        meanwhile.login("golfer", "putt");
        assertThat(meanwhile.receive()).isEqualTo(new LoginFailure(LoginError.ALREADY_LOGGED_IN));
        meanwhile.close();

        // the game server reports the player gone: the next login needs no Ghost
        assertThat(t.server.gameSessionClosed(key)).isTrue();
        assertThat(t.server.gameSessionClosed(key)).as("a key reported once is gone").isFalse();
        PangyaClient back = t.client();
        back.login("golfer", "putt");
        assertThat(back.receive()).isEqualTo(new LoginSuccess("golfer", id, "Putter"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void anAccountWithANicknameButNoCharacterIsAskedForTheCharacter(String profile) {
        start(profile);
        long id = t.admin.add("halfway", "pw");
        t.store.setNickname(id, "Halfway1");
        PangyaClient c = t.client();
        c.login("halfway", "pw");
        assertThat(c.receive()).isEqualTo(new NeedCharacter());
        c.send(new SelectCharacter(0x0400000BL, 9));
        assertThat(c.receive()).isEqualTo(new CharacterSelected());
        assertThat(c.receive()).isEqualTo(new LoginSuccess("halfway", id, "Halfway1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void aStaleSessionIsGhostedAndItsKeysStopWorking(String profile) {
        start(profile);
        long id = t.returningPlayer("bob", "builder", "Bobby");
        PangyaClient first = t.client();
        first.login("bob", "builder");
        first.receive(LoginSuccess.class);
        String oldLoginKey = burst(first);
        first.send(new SelectServer(20201));
        String oldSessionKey = first.receive(SessionKey.class).key();
        first.close(); // off to the game server, or the connection dropped
        await(() -> t.registry.lookup("pangya", "bob").isEmpty(), "release of bob");

        PangyaClient second = t.client();
        second.login("bob", "builder");
        assertThat(second.receive()).isEqualTo(new LoginFailure(LoginError.ALREADY_LOGGED_IN));
        second.send(new Ghost());
        assertThat(second.receive()).isEqualTo(new LoginSuccess("bob", id, "Bobby"));
        String newLoginKey = burst(second);
        assertThat(newLoginKey).isNotEqualTo(oldLoginKey);
        assertThat(t.server.checkSessionKey(oldSessionKey)).isEmpty();

        PangyaClient third = t.client();
        third.send(new Reconnect("bob", id, oldLoginKey));
        assertThat(third.receive()).isEqualTo(new LoginFailure(LoginError.BAD_RECONNECT_TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void aStillConnectedAccountRefusesADuplicateAndGhostClosesTheNewcomer(String profile) {
        start(profile);
        t.returningPlayer("carol", "pw", "Caroline");
        PangyaClient live = t.client();
        live.login("carol", "pw");
        live.receive(LoginSuccess.class);
        burst(live);

        PangyaClient dup = t.client();
        dup.login("carol", "pw");
        assertThat(dup.receive()).isEqualTo(new LoginFailure(LoginError.DUPLICATE_CONNECTION));
        dup.send(new Ghost());
        assertThat(dup.awaitClose()).isTrue();

        // the live connection is untouched
        live.send(new SelectServer(20201));
        assertThat(live.receive(SessionKey.class).key()).isNotEmpty();
        assertThat(t.registry.lookup("pangya", "carol")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void invalidCredentialsAreRefusedAndTheThirdFailureCloses(String profile) {
        start(profile);
        long id = t.returningPlayer("dave", "right", "Davey");
        PangyaClient c = t.client();
        c.login("dave", "wrong");
        assertThat(c.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
        c.login("nobody", "right");
        assertThat(c.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
        c.login("DAVE", "right"); // usernames ignore case
        assertThat(c.receive()).isEqualTo(new LoginSuccess("dave", id, "Davey"));

        PangyaClient d = t.client();
        for (int i = 0; i < 3; i++) {
            d.login("dave", "wrong" + i);
            assertThat(d.receive()).isEqualTo(new LoginFailure(LoginError.INVALID_CREDENTIALS));
        }
        assertThat(d.awaitClose()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void reconnectWithTheLoginKeyGetsANewKeyAndTheListsOnly(String profile) {
        start(profile);
        long id = t.returningPlayer("erin", "pw", "Erin1");
        PangyaClient c = t.client();
        c.login("erin", "pw");
        c.receive(LoginSuccess.class);
        String loginKey = burst(c);
        c.close();
        await(() -> t.registry.lookup("pangya", "erin").isEmpty(), "release of erin");

        PangyaClient back = t.client();
        back.send(new Reconnect("erin", id, "BADBEEF"));
        assertThat(back.receive()).isEqualTo(new LoginFailure(LoginError.BAD_RECONNECT_TOKEN));
        back.send(new Reconnect("erin", id + 1, loginKey));
        assertThat(back.receive()).isEqualTo(new LoginFailure(LoginError.BAD_RECONNECT_TOKEN));
        back.send(new Reconnect("erin", id, loginKey));
        String newKey = back.receive(LoginKey.class).key();
        assertThat(newKey).isNotEqualTo(loginKey).matches("[0-9A-F]{36}");
        assertThat(back.receive(GameServerList.class).servers()).hasSize(1);
        assertThat(back.receive(MessageServerList.class).servers()).hasSize(1);
        back.send(new SelectServer(20201));
        assertThat(t.server.checkSessionKey(back.receive(SessionKey.class).key())).map(GameSession::userId).contains(id);

        // the old key was retired by the new one
        PangyaClient other = t.client();
        other.send(new Reconnect("erin", id, loginKey));
        assertThat(other.receive()).isEqualTo(new LoginFailure(LoginError.BAD_RECONNECT_TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"th829", "us852"})
    void bannedAccountsAndMaintenanceGetTheProfilesError(String profile) {
        start(profile);
        t.returningPlayer("frank", "pw", "Franky");
        t.admin.ban("frank");
        PangyaClient c = t.client();
        c.login("frank", "pw");
        assertThat(c.receive()).isEqualTo(new LoginFailure(t.profile.bannedCode()));
        t.admin.unban("frank");

        t.maintenance(true);
        c.login("frank", "pw");
        assertThat(c.receive()).isEqualTo(new LoginFailure(t.profile.maintenanceCode()));
        t.maintenance(false);
        c.login("frank", "pw");
        assertThat(c.receive()).isInstanceOf(LoginSuccess.class);
        assertThat(t.meters.counter("revenant.pangya.logins", "outcome", "banned").count()).isEqualTo(1);
    }
}
