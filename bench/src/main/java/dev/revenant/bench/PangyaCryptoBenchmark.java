package dev.revenant.bench;

import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerEntry;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.ClientFrameCipher;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.crypto.Lzo;
import dev.revenant.pangya.crypto.ServerFrameCipher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The PangYa LoginService's per-packet work: decrypting a client frame (Login), and the server's encode,
 * LZO compression and encryption of 0x0001 (login success) and of a game server list of about 1 KB
 * (eleven 92-byte entries). The key tables are not shipped: set REVENANT_PANGYA_KEYS to their file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PangyaCryptoBenchmark {
    private static final int KEY = 7;
    private static final int SALT = 0x5A;

    private ClientFrameCipher clientCipher;
    private ServerFrameCipher serverCipher;
    private Profile profile;
    private byte[] loginFrame;
    private ServerPacket loginSuccess;
    private ServerPacket serverList;

    @Setup
    public void setUp() {
        String keys = System.getenv("REVENANT_PANGYA_KEYS");
        if (keys == null) {
            throw new IllegalStateException("set REVENANT_PANGYA_KEYS to the PangYa key tables file");
        }
        KeyTables tables = KeyTables.load(Path.of(keys));
        clientCipher = new ClientFrameCipher(tables);
        serverCipher = new ServerFrameCipher(tables);
        profile = Profile.TH829;
        loginFrame = clientCipher.encrypt(KEY, SALT,
                ClientPacket.encode(new ClientPacket.Login("bench1234", "bench-secret"), profile));
        loginSuccess = new ServerPacket.LoginSuccess("bench1234", 4242, "Bench");
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            servers.add(new ServerEntry("Revenant " + i, 20201 + i, 2000, 100 + i, "127.0.0.1", 20201 + i, 0, 0, 0, 0, 0, 0));
        }
        serverList = new ServerPacket.GameServerList(servers);
    }

    @Benchmark
    public byte[] clientDecrypt() {
        return clientCipher.decrypt(KEY, loginFrame);
    }

    @Benchmark
    public byte[] serverLoginSuccess() {
        return seal(loginSuccess);
    }

    @Benchmark
    public byte[] serverList1k() {
        return seal(serverList);
    }

    /** What ServerFrameEncoder does per packet. */
    private byte[] seal(ServerPacket packet) {
        byte[] payload = ServerPacket.encode(packet, profile);
        return serverCipher.encrypt(KEY, SALT, Lzo.compress(payload), payload.length);
    }
}
