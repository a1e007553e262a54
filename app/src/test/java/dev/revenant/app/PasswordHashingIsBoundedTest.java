package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.Database;
import dev.revenant.core.testing.SharedData;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.pangya.client.PangyaClient;
import dev.revenant.pangya.codec.LoginError;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.Accounts;
import dev.revenant.pangya.login.LoginRecord;
import dev.revenant.pangya.store.AccountAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PangYa password checks (bcrypt) were a CPU lever: they ran on the workers that serve mig33 too, so a flood
 * of logins made chat wait. They now have a small pool of their own with a queue limit; a login beyond it
 * gets the profile's maintenance answer at once.
 */
class PasswordHashingIsBoundedTest {
    @TempDir Path dataDir;

    /** The real store behind a gate: each check holds its hashing thread until the test opens the gate. */
    static final class SlowChecks implements Accounts {
        final Accounts store;
        final Semaphore entered = new Semaphore(0);
        final CountDownLatch gate = new CountDownLatch(1);

        SlowChecks(Accounts store) {
            this.store = store;
        }

        @Override
        public Optional<LoginRecord> forLogin(String username) {
            return store.forLogin(username);
        }

        @Override
        public boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex) {
            entered.release();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.passwordMatches(stored, passwordMd5Hex);
        }

        @Override public Optional<Account> byId(long id) { return store.byId(id); }
        @Override public boolean nicknameTaken(String nickname) { return store.nicknameTaken(nickname); }
        @Override public boolean setNickname(long accountId, String nickname) { return store.setNickname(accountId, nickname); }
        @Override public void setCharacter(long accountId, long characterType, int hairColour) {
            store.setCharacter(accountId, characterType, hairColour);
        }
    }

    @Test
    void saturatedPasswordChecksNeverMakeChatWaitAndLoginsBeyondTheQueueGetTheOverloadAnswer() throws Exception {
        Path keys = SharedData.require("data/pangya/keys.bin");
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("pangya.enabled", "true", "pangya.host", "127.0.0.1",
                "pangya.port", "0", "pangya.keys", keys.toString(), "pangya.passwordHashCost", "4",
                "pangya.passwordHashThreads", "1", "pangya.passwordHashQueue", "1"));
        SlowChecks[] slow = new SlowChecks[1];
        try (RevenantServer server = new RevenantServer(config).pangyaAccountsView(store -> slow[0] = new SlowChecks(store))) {
            server.start();
            try (Database db = Database.open(config.database(), config.dataDir())) {
                new AccountAdmin(db, 4).add("tiger", "birdie1");
            }
            assertThat(Revenant.execute("user", "add", "alice", "--password=S3cretPass", "--data-dir", dataDir.toString(),
                    "--set", "database.url=" + config.database().url())).isZero();

            // more logins than the server has workers: before, every one of them held a worker
            int logins = 12;
            List<PangyaClient> players = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                PangyaClient c = PangyaClient.connect(server.pangyaAddress().orElseThrow(), Profile.TH829,
                        KeyTables.load(keys), Duration.ofSeconds(20));
                c.login("tiger", "birdie1");
                players.add(c);
            }
            assertThat(slow[0].entered.tryAcquire(10, TimeUnit.SECONDS)).as("a check is under way").isTrue();

            // chat goes on while the checks are stuck: a mig33 login (store work) and PINGs are answered
            Mig33Client alice = Mig33Client.connect(server.mig33Addresses().get(0)).timeout(Duration.ofSeconds(5));
            assertThat(alice.login("alice", "S3cretPass").type()).isEqualTo(PacketType.LOGIN_OK);
            for (int i = 0; i < 3; i++) {
                assertThat(alice.call(alice.request(PacketType.PING).build()).type()).isEqualTo(PacketType.PONG);
            }

            slow[0].gate.countDown();
            int overload = 0;
            int answered = 0;
            for (PangyaClient c : players) {
                // the overload answer is the maintenance answer (the client knows no "busy"); a checked login of
                // tiger gets the first-login question, or 5100107 while the other checked one holds the account, or
                // 5100019 once the other one has closed mid-login (its session was left open: docs/PANGYA.md)
                ServerPacket first = c.receive();
                if (first.equals(new ServerPacket.LoginFailure(Profile.TH829.maintenanceCode()))) {
                    overload++;
                    assertThat(c.awaitClose()).as("a refused login is closed").isTrue();
                } else {
                    assertThat(first).isIn(new ServerPacket.NeedNickname(),
                            new ServerPacket.LoginFailure(LoginError.DUPLICATE_CONNECTION),
                            new ServerPacket.LoginFailure(LoginError.ALREADY_LOGGED_IN));
                    answered++;
                }
                c.close();
            }
            // one thread and one place in the queue: two logins are checked, the rest refused at once
            assertThat(answered).isEqualTo(2);
            assertThat(overload).isEqualTo(logins - 2);
            alice.close();
        }
    }
}
