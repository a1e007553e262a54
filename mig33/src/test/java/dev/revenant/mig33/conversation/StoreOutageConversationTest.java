package dev.revenant.mig33.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.mig33.Mig33Config;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Path;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is a real database server (H2 over TCP on loopback) that goes away and comes back: logins
 * get LOGIN_NOTIFY while it is away, online chat goes on, and the gateway recovers by itself.
 */
class StoreOutageConversationTest {
    @TempDir Path dir;

    private static Server databaseServer(Path base, int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", base.toString(), "-ifNotExists")
                .start();
    }

    private static Packet login(Mig33Client c, String user) {
        return c.call(c.request(PacketType.LOGIN).int16(1, 1).int16(3, 420).string(5, user).build());
    }

    @Test
    void aStoreOutageRefusesLoginsKeepsChatAndRecovers() throws Exception {
        Path base = dir.resolve("db");
        Server db = databaseServer(base, 0);
        int port = db.getPort();
        DatabaseConfig store = new DatabaseConfig("jdbc:h2:tcp://127.0.0.1:" + port + "/revenant", "sa", "", 4, 1000);
        try (Mig33TestServer server = new Mig33TestServer(dir, Mig33Config.defaults(), store)) {
            server.register("alice", "bob", "carol");
            Mig33Client alice = server.loggedIn("alice");
            Mig33Client bob = server.loggedIn("bob");

            db.stop();
            Packet refused = login(server.connect(), "carol");
            assertThat(refused.type()).isEqualTo(PacketType.ERROR);
            assertThat(refused.has(1)).as("LOGIN_NOTIFY").isFalse();
            alice.sendMessage("bob", "the database is down but we are not");
            assertThat(bob.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("the database is down but we are not");
            // a message that would need the store is refused, not acknowledged and lost
            Packet offline = alice.call(alice.request(PacketType.MESSAGE).int8(3, 1).string(4, "carol").string(8, "hi").build());
            assertThat(offline.type()).isEqualTo(PacketType.ERROR);

            db = databaseServer(base, port);
            Mig33Client carol = server.connect();
            assertThat(carol.login("carol", Mig33TestServer.password("carol")).type())
                    .as("recovered without a restart").isEqualTo(PacketType.LOGIN_OK);
            alice.sendMessage("carol", "welcome back");
            assertThat(carol.awaitPush(PacketType.MESSAGE).string(8)).isEqualTo("welcome back");
        } finally {
            db.stop();
        }
    }
}
