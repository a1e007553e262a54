package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.limits.LoginThrottle;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerEntry;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import dev.revenant.pangya.codec.ServerPacket.SessionKey;
import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.Accounts;
import dev.revenant.pangya.login.IssuedKeys;
import dev.revenant.pangya.login.LoginRecord;
import dev.revenant.pangya.login.LoginService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The packets one conversation step sends leave together: the five-packet login answer is one flush, in the
 * spec's order, and a step that fails halfway still sends what it had before the connection closes.
 */
class LoginAnswerFlushTest {
    private static final ServerEntry ENTRY = new ServerEntry("Revenant", 20201, 2000, 0, "127.0.0.1", 20201, 0x80, 0, 0x4, 0, 0, 9);
    private static final Account ALICE = new Account(7, "alice", "Ace", 0x04000002L, 3, false);

    /** Records what each flush carried (packets as written, before any encoder). */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        final List<List<Class<?>>> flushed = new ArrayList<>();
        private final List<Object> open = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            open.add(msg);
            promise.setSuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushed.add(open.stream().<Class<?>>map(Object::getClass).toList());
            open.forEach(ReferenceCountUtil::release);
            open.clear();
        }
    }

    /** An account store with alice in it, and her default chat macros. */
    private static final Accounts ACCOUNTS = new Accounts() {
        @Override
        public Optional<LoginRecord> forLogin(String username) {
            return username.equals("alice") ? Optional.of(new LoginRecord(ALICE, "hash", Account.DEFAULT_MACROS))
                    : Optional.empty();
        }

        @Override
        public boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex) {
            return stored.isPresent();
        }

        @Override
        public Optional<Account> byId(long id) {
            return id == ALICE.id() ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public boolean nicknameTaken(String nickname) {
            return false;
        }

        @Override
        public boolean setNickname(long accountId, String nickname) {
            return false;
        }

        @Override
        public void setCharacter(long accountId, long characterType, int hairColour) {}
    };

    /** The login handler on an embedded channel; workers and hashing run on the calling thread. */
    /** The handler, with {@code gameServers} as the game-server list of the moment (asked last in the answer). */
    private static EmbeddedChannel channel(Flushes flushes, Supplier<List<ServerEntry>> gameServers) {
        Executor direct = Runnable::run;
        InMemorySessionRegistry registry = new InMemorySessionRegistry();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LoginService service = new LoginService(Profile.TH829, ACCOUNTS,
                new IssuedKeys(registry, Duration.ofHours(6), Duration.ofMinutes(1), Clock.systemUTC()), registry,
                gameServers, List.of(ENTRY), () -> false, meters,
                new LoginThrottle(0, LoginService.LOCKOUT, LoginService.MAX_LOCKOUT, Clock.systemUTC(), 100), direct);
        return new EmbeddedChannel(flushes, new LoginChannelHandler(service,
                new ClientFrameDecoder(null, 0, Profile.TH829, 1024), new byte[] {0}, 60, direct, meters, 0));
    }

    @Test
    void theLoginAnswerIsOneFlushInTheSpecsOrderAndSelectServerAnother() {
        Flushes flushes = new Flushes();
        EmbeddedChannel ch = channel(flushes, () -> List.of(ENTRY));
        ch.writeInbound(new ClientPacket.Login("alice", "wonderland"));
        ch.runPendingTasks();
        ch.writeInbound(new ClientPacket.SelectServer(20201));
        ch.runPendingTasks();

        assertThat(flushes.flushed).hasSize(3); // the hello, the login answer, the session key
        assertThat(flushes.flushed.get(1)).containsExactly(LoginSuccess.class, LoginKey.class, ChatMacros.class,
                MessageServerList.class, GameServerList.class);
        assertThat(flushes.flushed.get(2)).containsExactly(SessionKey.class);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aStoreOutageHalfwayStillSendsWhatCameBeforeItsAnswerThenCloses() {
        Flushes flushes = new Flushes();
        // the game-server list is asked last (on several nodes it comes from elsewhere): a failure there is halfway
        EmbeddedChannel ch = channel(flushes, () -> {
            throw new StoreUnavailableException("store down", null);
        });
        ch.writeInbound(new ClientPacket.Login("alice", "wonderland"));
        ch.runPendingTasks();

        List<Class<?>> sent = flushes.flushed.stream().skip(1).flatMap(List::stream).toList();
        assertThat(sent).containsExactly(LoginSuccess.class, LoginKey.class, ChatMacros.class, MessageServerList.class,
                LoginFailure.class);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aBugHalfwaySendsWhatCameBeforeItThenCloses() {
        Flushes flushes = new Flushes();
        EmbeddedChannel ch = channel(flushes, () -> {
            throw new IllegalStateException("a bug");
        });
        ch.writeInbound(new ClientPacket.Login("alice", "wonderland"));
        ch.runPendingTasks();

        List<Class<?>> sent = flushes.flushed.stream().skip(1).flatMap(List::stream).toList();
        assertThat(sent).containsExactly(LoginSuccess.class, LoginKey.class, ChatMacros.class, MessageServerList.class);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
