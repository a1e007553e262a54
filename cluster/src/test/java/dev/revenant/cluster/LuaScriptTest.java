package dev.revenant.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.testing.TwoNodes;
import io.lettuce.core.ScriptOutputType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A script runs by its digest, and by its text when Redis has forgotten it (a restart flushes scripts). */
class LuaScriptTest {
    private static final LuaScript ADD = new LuaScript("return tonumber(ARGV[1]) + tonumber(ARGV[2])");
    private TwoNodes nodes;

    @BeforeEach
    void start() {
        nodes = TwoNodes.start();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aScriptRedisDoesNotKnowIsSentOnceAndThenCalledByItsDigest() throws Exception {
        RedisNode node = nodes.nodeA;
        node.sync().scriptFlush();
        Long sum = ADD.call(node, ScriptOutputType.INTEGER, new String[0], "2", "3");
        assertThat(sum).isEqualTo(5L);
        assertThat(node.sync().scriptExists(ADD.digest())).containsExactly(true);

        node.sync().scriptFlush();
        Long sent = ADD.<Long>send(node, ScriptOutputType.INTEGER, new String[0], "4", "5")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(sent).isEqualTo(9L);
        assertThat(node.sync().scriptExists(ADD.digest())).containsExactly(true);
    }
}
