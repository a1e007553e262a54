package dev.revenant.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.WriteTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guard cuts a client that takes nothing for the timeout, and only such a client. */
class WriteStallGuardTest {
    private static final long TIMEOUT_SECONDS = 15;

    /**
     * A channel whose socket takes only what its reader allows: {@code taking} bytes per flush (a real
     * socket's buffer, filled by a client that reads at its own pace).
     */
    private static final class Socket extends EmbeddedChannel {
        long taking;

        Socket() {
            super(new WriteStallGuard(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
            long room = taking;
            while (room > 0 && in.current() instanceof ByteBuf head) {
                long take = Math.min(room, head.readableBytes());
                in.removeBytes(take);
                room -= take;
            }
        }

        void afterTimeout() {
            advanceTimeBy(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            runScheduledPendingTasks();
        }
    }

    @Test
    void aClientThatTakesNothingIsCutOff() {
        Socket socket = new Socket();
        socket.writeAndFlush(Unpooled.wrappedBuffer(new byte[100]));
        socket.afterTimeout();
        assertThatThrownBy(socket::checkException).isInstanceOf(WriteTimeoutException.class);
    }

    @Test
    void aClientThatReadsIsNotCutOffWhenAReusedBufferWaitsAtTheHead() {
        Socket socket = new Socket();
        // pooled allocators hand the same buffer object out again once it has been written
        ByteBuf reused = Unpooled.wrappedBuffer(new byte[100]).retain();
        socket.writeAndFlush(reused); // the socket is full: the guard looks again after the timeout
        socket.taking = Long.MAX_VALUE;
        socket.flush(); // the client read it all
        socket.taking = 0;
        socket.writeAndFlush(reused.readerIndex(0)); // a new message, in the same object, not yet taken
        socket.afterTimeout();

        socket.checkException();
        assertThat(socket.isActive()).isTrue();
        // and if nothing moves from here on, the guard does cut it
        socket.afterTimeout();
        assertThatThrownBy(socket::checkException).isInstanceOf(WriteTimeoutException.class);
    }

    @Test
    void aSlowClientThatTakesSomethingEveryTimeoutIsNotCutOff() {
        Socket socket = new Socket();
        socket.writeAndFlush(Unpooled.wrappedBuffer(new byte[1000]));
        for (int i = 0; i < 5; i++) {
            socket.taking = 10;
            socket.flush(); // ten bytes of the one big message: its progress moves
            socket.taking = 0;
            socket.afterTimeout();
            socket.checkException();
        }
        assertThat(socket.isActive()).isTrue();
    }
}
