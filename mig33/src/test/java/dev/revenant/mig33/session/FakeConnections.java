package dev.revenant.mig33.session;

import dev.revenant.core.bus.InMemoryMessageBus;
import dev.revenant.core.net.NetLoops;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.session.InMemorySessionRegistry;
import dev.revenant.core.store.Database;
import dev.revenant.core.testing.TestStores;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.Mig33Gateway;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.Mig33Service;
import dev.revenant.mig33.store.OfflineMessageStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The mig33 service on real stores (H2) whose sessions run on {@link RecordingConnection}s: the gateway is
 * built but never started, so nothing listens, and each request is handled on the calling thread.
 */
public final class FakeConnections implements AutoCloseable {
    public static final String PASSWORD = "S3cretPass1";

    private final Database database;
    private final NetLoops loops;
    private final Mig33Service service;
    private final Mig33Admin admin;

    public FakeConnections(Path dir) {
        this(dir, UnaryOperator.identity());
    }

    /** @param offline wraps the store of waiting messages (a test's faults) */
    public FakeConnections(Path dir, UnaryOperator<OfflineMessageStore> offline) {
        database = Database.open(TestStores.fresh(), dir);
        loops = new NetLoops(1);
        SecretBox secrets = SecretBox.open(dir.resolve("secret.key"));
        var registry = new InMemorySessionRegistry();
        Mig33Gateway gateway = new Mig33Gateway(Mig33Config.defaults(), database, secrets, registry,
                new InMemoryMessageBus(registry), loops, Runnable::run, new SimpleMeterRegistry());
        Mig33Context c = gateway.context();
        service = new Mig33Service(new Mig33Context(c.config(), c.accounts(), c.contacts(), offline.apply(c.offline()),
                c.secrets(), c.registry(), c.bus(), c.workers(), c.clock(), c.meters(), c.requests(), c.permissions(),
                c.profiles(), c.pictures(), c.chatRooms()));
        admin = new Mig33Admin(database, secrets, "Friends");
    }

    public Mig33Service service() {
        return service;
    }

    public Mig33Admin admin() {
        return admin;
    }

    /** Adds these users, each with {@link #PASSWORD}. */
    public void register(String... users) {
        for (String user : users) {
            admin.addUser(user, PASSWORD, null, null, false);
        }
    }

    /** A phone's session, logged in as {@code user}. */
    public Phone loggedIn(String user) {
        RecordingConnection connection = new RecordingConnection();
        Mig33Session session = service.open(connection);
        RecordingConnection.logIn(session, connection, user, PASSWORD);
        return new Phone(session, connection);
    }

    /** One session and what it was sent. */
    public record Phone(Mig33Session session, RecordingConnection connection) {
        public void send(Request request) {
            session.onPacket(request.toPacket());
        }
    }

    @Override
    public void close() {
        loops.close();
        database.close();
    }
}
