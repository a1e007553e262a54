package dev.revenant.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the services of one server share. */
class NetLoopsTest {
    @Test
    void periodicUpkeepFiresOnNoLoopThatServesConnections() throws Exception {
        try (NetLoops loops = new NetLoops(2)) {
            List<EventExecutor> ioLoops = new ArrayList<>();
            loops.workers().forEach(ioLoops::add);
            CompletableFuture<List<Boolean>> onIoLoop = new CompletableFuture<>();
            ScheduledFuture<?> timed = loops.timer().scheduleAtFixedRate(
                    () -> onIoLoop.complete(ioLoops.stream().map(EventExecutor::inEventLoop).toList()),
                    1, 1, TimeUnit.MILLISECONDS);
            assertThat(onIoLoop.get(5, TimeUnit.SECONDS)).hasSize(2).containsOnly(false);
            timed.cancel(false);
        }
    }
}
