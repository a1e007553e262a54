package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.session.Mig33Context;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mig33 over HTTP (spec §8), over real HTTP on 127.0.0.1: the requests the MIDlets make (packets POSTed to
 * {@code /} and {@code /<session id>}, empty GETs to fetch what waits), the same sessions as TCP's, and a
 * clear answer to every request that cannot be served.
 */
class HttpTransportConversationTest {
    @TempDir Path dir;
    Mig33TestServer server;

    static Mig33Config withHttp(Mig33Config.Http http) {
        return Mig33Config.defaults().toBuilder().http(http).build();
    }

    static final Mig33Config.Http ON = new Mig33Config.Http(List.of(0), 500, 32);

    Mig33TestServer start(Mig33Config config) {
        server = new Mig33TestServer(dir, config);
        server.register("alice", "bob");
        server.admin().addContact("alice", "bob", null, null);
        server.admin().addContact("bob", "alice", null, null);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Optional<SessionHandle> session(String user) {
        return server.gateway().context().registry().lookup(Mig33Context.SERVICE, user);
    }

    double httpSessions() {
        return server.meters.get("revenant.mig33.http.sessions").gauge().value();
    }

    @Test
    void nothingListensForHttpUnlessAsked() {
        start(Mig33Config.defaults());
        assertThat(server.gateway().httpAddresses()).isEmpty();
    }

    @Test
    void aPhoneLogsInWithTheChallengeAndItsSessionIsNamedByThePath() {
        start(withHttp(ON));
        HttpPhone alice = server.httpPhone();

        // the connection test of a first start: PING to /, answered, and no session kept for it
        Packet ping = alice.request(PacketType.PING).build();
        HttpResponse<byte[]> pong = alice.exchange(ping);
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(pong.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(pong.headers().firstValue("Content-Length")).hasValue(Integer.toString(pong.body().length));
        assertThat(HttpPhone.packets(pong.body())).extracting(Packet::type).containsExactly(PacketType.PONG);
        assertThat(pong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(httpSessions()).isZero();

        Packet ok = alice.login("alice", Mig33TestServer.password("alice"));
        assertThat(ok.type()).isEqualTo(PacketType.LOGIN_OK);
        assertThat(alice.sessionId()).matches("[0-9a-f]{64}");
        SessionHandle live = session("alice").orElseThrow();
        assertThat(live.attribute("transport")).isEqualTo("http");

        List<Packet> contacts = alice.call(alice.request(PacketType.GET_CONTACTS).build());
        assertThat(contacts).extracting(Packet::type).contains(PacketType.CONTACT)
                .endsWith(PacketType.GET_CONTACTS_COMPLETE);

        // the original server's first choice, a sid cookie, names the same session
        HttpResponse<byte[]> byCookie = alice.send(HttpRequest.newBuilder(alice.base())
                .header("Cookie", "sid=" + alice.sessionId()).header("Content-Type", "image/gif")
                .POST(HttpRequest.BodyPublishers.ofByteArray(HttpPhone.bytes(alice.request(PacketType.PING).build()))));
        assertThat(HttpPhone.packets(byCookie.body())).extracting(Packet::type).containsExactly(PacketType.PONG);
        assertThat(httpSessions()).isEqualTo(1);
    }

    @Test
    void theLoginChallengeAlsoSetsTheSessionCookie() {
        start(withHttp(ON));
        HttpPhone phone = server.httpPhone();
        HttpResponse<byte[]> res = phone.exchange(phone.request(PacketType.LOGIN).string(7, "J2MEv4.20.291")
                .string(5, "alice").int16(3, 420).int8(2, 2).int16(1, 1).build());
        Packet challenge = HttpPhone.packets(res.body()).get(0);
        assertThat(challenge.type()).isEqualTo(PacketType.LOGIN_CHALLENGE);
        assertThat(res.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith("sid=" + challenge.string(2) + ";"));
    }

    @Test
    void theClientLibrarySpeaksHttpLikeAPhonePostingAndPolling() {
        start(withHttp(ON));
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        // the same client as on TCP, its packets POSTed and what waits fetched by polling every 50 ms
        Mig33Client alice = Mig33Client.connectHttp(server.httpAddress(), Duration.ofMillis(50));
        assertThat(alice.login("alice", Mig33TestServer.password("alice")).type()).isEqualTo(PacketType.LOGIN_OK);
        alice.contacts();
        assertThat(session("alice").orElseThrow().attribute("transport")).isEqualTo("http");
        assertThat(alice.sendMessage("bob", "posted").type()).isEqualTo(PacketType.OK);
        assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("posted");
        bob.sendMessage("alice", "polled");
        assertThat(alice.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("polled");
        alice.close();
    }

    @Test
    void aTcpUserAndAnHttpUserChatBothWays() {
        start(withHttp(ON));
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        HttpPhone alice = server.httpPhone();
        alice.login("alice", Mig33TestServer.password("alice"));
        alice.call(alice.request(PacketType.GET_CONTACTS).build());
        assertThat(bob.awaitPush(PacketType.PRESENCE).integer(2, 0)).as("bob sees alice come online").isEqualTo(1);

        bob.sendMessage("alice", "hello over tcp");
        Packet got = alice.awaitPush(PacketType.MESSAGE);
        assertThat(got.string(8)).isEqualTo("hello over tcp");
        assertThat(got.string(2)).isEqualTo("bob");

        Packet ok = alice.answer(alice.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "bob").int16(6, 1)
                .string(8, "hello over http").build());
        assertThat(ok.type()).isEqualTo(PacketType.OK);
        Packet back = bob.awaitPush(PacketType.MESSAGE);
        assertThat(back.string(8)).isEqualTo("hello over http");
        assertThat(back.string(2)).isEqualTo("alice");

        // LOGOUT ends the session: bob sees alice go, and her id names nothing any more
        alice.call(alice.request(PacketType.LOGOUT).build());
        assertThat(bob.awaitPush(PacketType.PRESENCE).integer(2, 0)).isEqualTo(99);
        HttpPhone.await(() -> session("alice").isEmpty(), "alice let go of");
        assertThat(alice.poll()).extracting(Packet::type).containsExactly(PacketType.SESSION_TERMINATED);
        assertThat(httpSessions()).isZero();
    }

    @Test
    void anUnknownSessionIsToldToLogInAgain() {
        start(withHttp(ON));
        HttpPhone stranger = server.httpPhone().sessionId("0123456789abcdef");
        List<Packet> polled = stranger.poll();
        assertThat(polled).hasSize(1);
        assertThat(polled.get(0).type()).isEqualTo(PacketType.SESSION_TERMINATED);
        assertThat(polled.get(0).string(1)).contains("log in again");

        List<Packet> posted = stranger.call(stranger.request(PacketType.GET_CONTACTS).build());
        assertThat(posted).extracting(Packet::type).containsExactly(PacketType.SESSION_TERMINATED);

        HttpResponse<byte[]> byCookie = stranger.send(HttpRequest.newBuilder(stranger.base())
                .header("Cookie", "sid=nothing").GET());
        assertThat(HttpPhone.packets(byCookie.body())).extracting(Packet::type)
                .containsExactly(PacketType.SESSION_TERMINATED);
        // a GET of / names no session either
        assertThat(HttpPhone.packets(stranger.send(HttpRequest.newBuilder(stranger.base()).GET()).body()))
                .extracting(Packet::type).containsExactly(PacketType.SESSION_TERMINATED);
        assertThat(httpSessions()).isZero();
    }

    @Test
    void aLoginResponseToNullAnswersTheLoginItsAddressHasWaiting() {
        // 4.20 in the emulator once sent its LOGIN_RESPONSE to /null, 11 ms after the challenge came, before
        // it had kept the challenge's session id, and was told "Send LOGIN first"
        start(withHttp(ON));
        HttpPhone alice = server.httpPhone();
        Packet challenge = alice.challenge("alice");
        HttpResponse<byte[]> stray = alice.post(alice.base().resolve("null"),
                HttpPhone.bytes(alice.loginResponse(challenge, Mig33TestServer.password("alice"))));
        assertThat(stray.statusCode()).isEqualTo(200);
        assertThat(HttpPhone.packets(stray.body())).extracting(Packet::type).contains(PacketType.LOGIN_OK)
                .doesNotContain(PacketType.ERROR);
        assertThat(httpSessions()).as("no second session for it").isEqualTo(1);

        // the phone names its session from then on, and it is the one logged in
        alice.sessionId(challenge.string(2));
        assertThat(alice.call(alice.request(PacketType.GET_CONTACTS).build())).extracting(Packet::type)
                .endsWith(PacketType.GET_CONTACTS_COMPLETE);
        assertThat(session("alice")).isPresent();
    }

    @Test
    void aLoginResponseToNullIsNotGuessedBetweenTwoLoginsOfOneAddress() {
        start(withHttp(ON));
        HttpPhone alice = server.httpPhone();
        HttpPhone bob = server.httpPhone();
        Packet forAlice = alice.challenge("alice");
        Packet forBob = bob.challenge("bob");
        HttpResponse<byte[]> stray = alice.post(alice.base().resolve("null"),
                HttpPhone.bytes(alice.loginResponse(forAlice, Mig33TestServer.password("alice"))));
        assertThat(HttpPhone.packets(stray.body())).extracting(Packet::type).containsExactly(PacketType.ERROR);
        assertThat(session("alice")).isEmpty();

        // both logins still wait, each for its own session's answer
        alice.sessionId(forAlice.string(2));
        bob.sessionId(forBob.string(2));
        assertThat(alice.answer(alice.loginResponse(forAlice, Mig33TestServer.password("alice"))).type())
                .isEqualTo(PacketType.LOGIN_OK);
        assertThat(bob.answer(bob.loginResponse(forBob, Mig33TestServer.password("bob"))).type())
                .isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        start(withHttp(ON).toBuilder().maxPacketBytes(8192).build());
        HttpPhone alice = server.httpPhone();
        // before login, a body holds at most a LOGIN's worth (maxPacketBytesBeforeLogin)
        HttpResponse<byte[]> early = alice.post(alice.base(), HttpPhone.bytes(alice.request(PacketType.LOGIN)
                .string(5, "x".repeat(5000)).build()));
        assertThat(early.statusCode()).isEqualTo(413);
        assertThat(new String(early.body())).contains("at most 4096 content bytes");

        alice.login("alice", Mig33TestServer.password("alice"));
        HttpResponse<byte[]> huge = alice.post(alice.base().resolve(alice.sessionId()), new byte[20_000]);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new String(huge.body())).contains("at most 8192 content bytes");
        // the session is untouched
        assertThat(alice.answer(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
    }

    @Test
    void aMalformedPacketIsAProtocolError() {
        start(withHttp(ON));
        HttpPhone alice = server.httpPhone();
        alice.login("alice", Mig33TestServer.password("alice"));
        URI mine = alice.base().resolve(alice.sessionId());

        HttpResponse<byte[]> badMagic = alice.post(mine, new byte[] {7, 0, 2, 0, 1, 0, 0, 0, 0});
        assertThat(badMagic.statusCode()).isEqualTo(400);
        assertThat(new String(badMagic.body())).contains("malformed mig33 packet").contains("bad magic");

        byte[] ping = HttpPhone.bytes(alice.request(PacketType.PING).build());
        byte[] cut = java.util.Arrays.copyOf(ping, ping.length + 3);
        HttpResponse<byte[]> trailing = alice.post(mine, cut);
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(new String(trailing.body())).contains("after the last whole packet");

        // a field that overruns its packet
        byte[] overrun = {2, 0, 2, 0, 9, 0, 0, 0, 6, 0, 1, 0, 0, 0, 50};
        assertThat(alice.post(mine, overrun).statusCode()).isEqualTo(400);

        // nothing of the session was lost: each request stands alone
        assertThat(alice.answer(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
        assertThat(session("alice")).isPresent();
    }

    @Test
    void aPhoneThatStopsPollingIsLoggedOutAndItsContactsSeeItGo() {
        // both timeouts short; bob keeps polling, alice stops
        start(withHttp(ON).toBuilder().timeouts(Duration.ofMillis(600), Duration.ofMillis(600)).build());
        HttpPhone bob = server.httpPhone();
        bob.login("bob", Mig33TestServer.password("bob"));
        bob.call(bob.request(PacketType.GET_CONTACTS).build());
        HttpPhone alice = server.httpPhone();
        alice.login("alice", Mig33TestServer.password("alice"));
        alice.call(alice.request(PacketType.GET_CONTACTS).build());
        assertThat(bob.awaitPush(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 1, "alice online"))
                .isNotNull();

        // alice's phone goes quiet; bob, polling, sees her go offline
        bob.awaitPush(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "alice offline");
        assertThat(session("alice")).isEmpty();
        assertThat(session("bob")).isPresent();

        // alice's next request gets her session's last words once, then the unknown-session answer
        List<Packet> last = alice.poll();
        assertThat(last).extracting(Packet::type).contains(PacketType.SESSION_TERMINATED);
        assertThat(last.get(last.size() - 1).string(1)).contains("timed out");
        assertThat(alice.poll()).extracting(p -> p.string(1)).containsExactly(HttpPhoneTexts.UNKNOWN);
        assertThat(httpSessions()).as("only bob's is held").isEqualTo(1);
    }

    @Test
    void aLoginThatIsNeverAnsweredEndsAfterTheLoginTimeout() {
        start(withHttp(ON).toBuilder().timeouts(Duration.ofMinutes(3), Duration.ofMillis(300)).build());
        HttpPhone alice = server.httpPhone();
        alice.sessionId(alice.answer(alice.request(PacketType.LOGIN).string(7, "J2MEv4.20.291").string(5, "alice")
                .int16(3, 420).int8(2, 2).int16(1, 1).build()).string(2));
        assertThat(httpSessions()).isEqualTo(1);
        // another phone's polls keep nothing of alice's alive; the sweep ends hers, then forgets it
        HttpPhone bob = server.httpPhone();
        bob.login("bob", Mig33TestServer.password("bob"));
        bob.pollUntil(() -> httpSessions() == 1, "alice's pending login forgotten");
        assertThat(alice.poll()).extracting(p -> p.string(1)).containsExactly(HttpPhoneTexts.UNKNOWN);
    }

    @Test
    void oneAddressHoldsAtMostSessionsPerAddress() {
        start(withHttp(new Mig33Config.Http(List.of(0), 500, 2)));
        HttpPhone a = server.httpPhone();
        a.login("alice", Mig33TestServer.password("alice"));
        HttpPhone b = server.httpPhone();
        b.login("bob", Mig33TestServer.password("bob"));
        HttpPhone c = server.httpPhone();
        Packet refused = c.answer(c.request(PacketType.LOGIN).string(5, "alice").int16(3, 420).int8(2, 2)
                .int16(1, 1).build());
        assertThat(refused.type()).isEqualTo(PacketType.ERROR);
        assertThat(refused.string(2)).contains("Too many sessions");
        // a PING still gets its PONG: it holds no session
        assertThat(c.answer(c.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);

        // a logout frees a place
        a.call(a.request(PacketType.LOGOUT).build());
        assertThat(c.login("alice", Mig33TestServer.password("alice")).type()).isEqualTo(PacketType.LOGIN_OK);
    }

    @Test
    void aPhoneThatLetsTooMuchPileUpIsCutOffAndTheRestIsStored() {
        start(withHttp(new Mig33Config.Http(List.of(0), 5, 32)));
        Mig33Client bob = server.loggedIn("bob");
        bob.contacts();
        HttpPhone alice = server.httpPhone();
        alice.login("alice", Mig33TestServer.password("alice"));
        alice.call(alice.request(PacketType.GET_CONTACTS).build());
        for (int i = 1; i <= 7; i++) {
            bob.sendMessage("alice", "line " + i);
        }
        // five waited; the sixth found no room: alice's session ended as a TCP reader that does not read would
        HttpPhone.await(() -> session("alice").isEmpty(), "alice let go of");
        List<Packet> last = alice.poll();
        assertThat(last).filteredOn(p -> p.type() == PacketType.MESSAGE).extracting(p -> p.string(8))
                .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
        assertThat(last.get(last.size() - 1).type()).isEqualTo(PacketType.SESSION_TERMINATED);

        // the rest waits for her next login, as for any user who went offline
        HttpPhone again = server.httpPhone();
        again.login("alice", Mig33TestServer.password("alice"));
        again.call(again.request(PacketType.GET_CONTACTS).build());
        // stored messages follow the contact list one by one: what this answer did not carry, a poll fetches
        assertThat(again.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("line 6");
        assertThat(again.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("line 7");
    }

    /** What the server says, as the tests check it. */
    static final class HttpPhoneTexts {
        static final String UNKNOWN = "Your session has expired. Please log in again.";
    }
}
