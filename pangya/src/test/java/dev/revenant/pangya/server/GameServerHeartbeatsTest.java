package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.testing.TestRedis;
import dev.revenant.core.testing.TestStores;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ServerEntry;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Game servers that announce themselves in the community's Redis are in the list players pick from. */
class GameServerHeartbeatsTest {
    @TempDir Path dir;

    private static ServerEntry configured(long id, String name) {
        return new ServerEntry(name, id, 2000, 0, "127.0.0.1", 20201, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aHeartbeatAddsAServerOrReplacesTheConfiguredOneUntilItExpires() {
        ClusterConfig community = TestRedis.fresh();
        try (RedisNode node = RedisNode.connect(community)) {
            GameServerHeartbeats list = new GameServerHeartbeats(node, List.of(configured(20201, "Configured")));
            String prefix = community.name() + ":pangya:game-server:";
            node.sync().setex(prefix + "20202", 30, "{\"name\":\"Albatross\",\"id\":20202,\"address\":\"203.0.113.10\","
                    + "\"port\":20202,\"maxUsers\":500,\"users\":37,\"flags\":128}");
            node.sync().setex(prefix + "20201", 30, "{\"name\":\"Renamed\",\"id\":20201,\"address\":\"127.0.0.1\",\"port\":20201}");
            node.sync().setex(prefix + "bad", 30, "{not json");
            list.refresh();
            assertThat(list.get()).extracting(ServerEntry::name, ServerEntry::id, ServerEntry::currentUsers)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Renamed", 20201L, 0L),
                            org.assertj.core.groups.Tuple.tuple("Albatross", 20202L, 37L));
            assertThat(node.sync().ttl(prefix + "20202")).isPositive();

            // the game server stopped renewing its key: it is gone from the list; the configured one is back
            node.sync().del(prefix + "20202", prefix + "20201");
            list.refresh();
            assertThat(list.get()).extracting(ServerEntry::name).containsExactly("Configured");
        } finally {
            TestRedis.drop(community.name());
        }
    }

    @Test
    void aPlayerOnAClusteredNodeIsOfferedTheAnnouncedServer() {
        ClusterConfig community = TestRedis.fresh();
        try (RedisNode node = RedisNode.connect(community)) {
            node.sync().setex(community.name() + ":pangya:game-server:30303", 30,
                    "{\"name\":\"Heartbeat\",\"id\":30303,\"address\":\"127.0.0.1\",\"port\":30303,\"users\":5}");
            try (PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 3, TestStores.fresh(), node)) {
                t.returningPlayer("alice", "wonderland", "Ace");
                PangyaClient c = t.client();
                c.login("alice", "wonderland");
                c.receive(LoginSuccess.class);
                c.receive(dev.revenant.pangya.codec.ServerPacket.LoginKey.class);
                c.receive(dev.revenant.pangya.codec.ServerPacket.ChatMacros.class);
                c.receive(dev.revenant.pangya.codec.ServerPacket.MessageServerList.class);
                assertThat(c.receive(GameServerList.class).servers()).extracting(ServerEntry::name)
                        .contains("Heartbeat");
            }
        } finally {
            TestRedis.drop(community.name());
        }
    }
}
