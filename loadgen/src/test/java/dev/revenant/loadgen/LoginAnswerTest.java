package dev.revenant.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.pangya.codec.LoginError;
import dev.revenant.pangya.codec.ServerEntry;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator reads a login answer in whatever order its packets come. */
class LoginAnswerTest {
    private static final ServerEntry GAME = new ServerEntry("Peer", 1234, 2000, 0, "127.0.0.1", 20201, 0x80, 0, 0x4, 0, 0, 9);
    private static final LoginSuccess SUCCESS = new LoginSuccess("alice", 7, "Ace");
    private static final LoginKey KEY = new LoginKey("ABC");
    private static final ChatMacros MACROS = new ChatMacros(dev.revenant.pangya.login.Account.DEFAULT_MACROS);
    private static final MessageServerList MESSENGERS = new MessageServerList(List.of());
    private static final GameServerList GAMES = new GameServerList(List.of(GAME));

    private static LoginAnswer read(ServerPacket... packets) {
        ArrayDeque<ServerPacket> q = new ArrayDeque<>(List.of(packets));
        return LoginAnswer.read(() -> {
            ServerPacket p = q.poll();
            if (p == null) {
                throw new IllegalStateException("read past the answer");
            }
            return p;
        });
    }

    @Test
    void theSpecsOrderIsWhole() {
        LoginAnswer a = read(SUCCESS, KEY, MACROS, MESSENGERS, GAMES);
        assertThat(a.succeeded()).isTrue();
        assertThat(a.gameServers()).isEqualTo(GAMES);
        assertThat(a.order()).containsExactly("LoginSuccess", "LoginKey", "ChatMacros", "MessageServerList", "GameServerList");
    }

    @Test
    void anotherOrderIsWholeToo() {
        // a server that sends the key first and the lists the other way round
        LoginAnswer a = read(KEY, SUCCESS, GAMES, MESSENGERS, MACROS);
        assertThat(a.succeeded()).isTrue();
        assertThat(a.gameServers().servers()).containsExactly(GAME);
        assertThat(a.order()).containsExactly("LoginKey", "LoginSuccess", "GameServerList", "MessageServerList", "ChatMacros");
    }

    @Test
    void aFailureFirstIsTheAnswer() {
        LoginAnswer a = read(new LoginFailure(LoginError.ALREADY_LOGGED_IN), KEY);
        assertThat(a.succeeded()).isFalse();
        assertThat(a.failure().code()).isEqualTo(LoginError.ALREADY_LOGGED_IN);
    }

    @Test
    void aPacketTwiceOrOneThatIsNoPartOfTheAnswerIsRefused() {
        assertThatThrownBy(() -> read(SUCCESS, KEY, KEY, MACROS, MESSENGERS, GAMES))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LoginKey");
        assertThatThrownBy(() -> read(SUCCESS, new LoginFailure(LoginError.INVALID_CREDENTIALS)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LoginFailure");
    }
}
