package dev.revenant.pangya.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.testing.ReachableStore;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.SessionKey;
import dev.revenant.pangya.codec.ClientPacket.SelectServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is reached over the network and the network fails: a login gets the profile's maintenance
 * answer (the only "try later" the client knows) instead of a dropped connection, a player already logged
 * in still picks a game server, and logins work again by themselves once the store is back.
 */
class StoreOutageTest {
    @TempDir Path dir;

    private static ServerPacket firstAnswer(PangyaTestServer t, String user) {
        try (PangyaClient c = t.client()) {
            c.login(user, "pw");
            return c.receive();
        }
    }

    @Test
    void anOutageAnswersMaintenanceAndLoginsRecover() {
        try (ReachableStore store = ReachableStore.fresh(dir.resolve("db"));
             PangyaTestServer t = new PangyaTestServer(dir, "us852", 10, 5, store.config())) {
            t.returningPlayer("olga", "pw", "Olga1");
            t.returningPlayer("pete", "pw", "Pete1");
            PangyaClient olga = t.client();
            olga.login("olga", "pw");
            olga.receive(LoginSuccess.class);
            for (int i = 0; i < 4; i++) {
                olga.receive();
            }

            store.cut();
            PangyaClient pete = t.client();
            pete.login("pete", "pw");
            assertThat(pete.receive()).isEqualTo(new LoginFailure(t.profile.maintenanceCode()));
            assertThat(pete.awaitClose()).isTrue();
            assertThat(t.meters.counter("revenant.pangya.disconnects", "cause", "store_unavailable").count()).isEqualTo(1);
            // the session key lives in the registry, not the store: the logged-in player goes on
            olga.send(new SelectServer(20201));
            assertThat(olga.receive(SessionKey.class).key()).isNotEmpty();

            store.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ServerPacket answer = firstAnswer(t, "pete");
            while (!(answer instanceof LoginSuccess) && System.nanoTime() < deadline) {
                answer = firstAnswer(t, "pete");
            }
            assertThat(answer).as("recovered without a restart").isInstanceOf(LoginSuccess.class);
        }
    }
}
