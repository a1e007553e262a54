package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 6: {@code revenant backup} while the server serves real TCP clients sending offline
 * messages (the command runs in a JVM of its own, as an operator's, and meets the database the server
 * holds), then {@code revenant restore} into a fresh directory and a server on it: the recipient logs in
 * and reads every message that was acknowledged before the backup began, with the same password (so the
 * secret key came along) and the same admin token.
 */
class BackupWhileServingTest {
    private static final int SENDERS = 3;
    /** Each sender stops here at the latest: the load is bounded whatever happens. */
    private static final int MAX_PER_SENDER = 50_000;

    @TempDir Path work;

    @Test
    void aBackupTakenUnderLoadRestoresIntoAFreshDirectoryWithEveryAcknowledgedMessage() throws Exception {
        Path live = work.resolve("live");
        Path restored = work.resolve("restored");
        Path backup = work.resolve("backups").resolve("revenant.zip");
        // the embedded database whatever the profile: backing it up is what is tested here
        Map<String, String> embedded = Map.of("database.url", "", "mig33.requestsPerSecond", "0",
                "mig33.messagesPerMinute", "0", "mig33.maxOfflineMessages", String.valueOf(SENDERS * MAX_PER_SENDER + 10));
        Set<String> acknowledgedBeforeBackup = new HashSet<>();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        try (RevenantServer server = new RevenantServer(LocalConfig.of(live, embedded))) {
            server.start();
            InetSocketAddress address = server.mig33Addresses().get(0);
            try (Mig33Client reg = Mig33Client.connect(address)) {
                reg.register("bob", "S3cretPass", "60100");
                for (int i = 0; i < SENDERS; i++) {
                    reg.register("sender" + i, "S3cretPass", "6020" + i);
                }
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch underWay = new CountDownLatch(SENDERS * 20);
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> senders = new ArrayList<>();
            try {
                for (int i = 0; i < SENDERS; i++) {
                    String name = "sender" + i;
                    senders.add(pool.submit(() -> {
                        try (Mig33Client c = Mig33Client.connect(address)) {
                            c.login(name, "S3cretPass");
                            for (int n = 0; n < MAX_PER_SENDER && !stop.get(); n++) {
                                String text = name + " #" + n;
                                sent.add(text);
                                // bob is offline: each OK means the message is committed to the store
                                c.sendMessage("bob", text);
                                acknowledged.add(text);
                                underWay.countDown();
                            }
                        }
                        return null;
                    }));
                }
                assertThat(underWay.await(60, TimeUnit.SECONDS)).as("messages flow before the backup").isTrue();
                acknowledgedBeforeBackup.addAll(acknowledged);
                RevenantProcess.Result result = RevenantProcess.run(null, "backup", backup.toString(), "--data-dir",
                        live.toString());
                assertThat(result.exitCode()).as(result.all()).isZero();
                assertThat(result.err()).contains("a server is running on");
                assertThat(result.out()).contains("backup " + backup + " written: the database, secret.key, admin.token");
                assertThat(senders).as("the senders were still sending when the backup ended").noneMatch(Future::isDone);
            } finally {
                stop.set(true);
                for (Future<?> f : senders) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
            }
            assertThat(acknowledged.size()).as("load went on during the backup").isGreaterThan(acknowledgedBeforeBackup.size());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(live)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the server's copy is gone")
                    .noneMatch(n -> n.startsWith("backup-"));
        }

        assertThat(Revenant.execute("restore", backup.toString(), "--data-dir", restored.toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(restored)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isNotEmpty().allSatisfy(f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                            .isEqualTo("rw-------"));
        }
        assertThat(Files.readAllBytes(restored.resolve("secret.key"))).isEqualTo(Files.readAllBytes(live.resolve("secret.key")));
        assertThat(Files.readString(restored.resolve("admin.token"))).isEqualTo(Files.readString(live.resolve("admin.token")));
        assertThat(Revenant.execute("restore", backup.toString(), "--data-dir", restored.toString()))
                .as("a directory that is not empty is refused without --force").isEqualTo(Revenant.FAILED);

        RevenantConfig again = LocalConfig.of(restored, Map.of("database.url", ""));
        try (RevenantServer server = new RevenantServer(again); Mig33Client bob = startAndConnect(server)) {
            bob.login("bob", "S3cretPass");
            bob.contacts();
            bob.call(bob.request(PacketType.PING).build());
            Set<String> read = new HashSet<>();
            while (bob.hasPush(PacketType.MESSAGE)) {
                Packet m = bob.awaitPush(PacketType.MESSAGE);
                read.add(m.string(8));
            }
            assertThat(read).as("every message acknowledged before the backup").containsAll(acknowledgedBeforeBackup);
            assertThat(sent).as("and nothing that was not sent").containsAll(read);
        }
    }

    private static Mig33Client startAndConnect(RevenantServer server) {
        server.start();
        return Mig33Client.connect(server.mig33Addresses().get(0)).timeout(Duration.ofSeconds(30));
    }
}
