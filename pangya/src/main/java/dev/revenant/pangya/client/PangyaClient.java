package dev.revenant.pangya.client;

import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.ClientFrameCipher;
import dev.revenant.pangya.crypto.KeyTables;
import dev.revenant.pangya.crypto.Lzo;
import dev.revenant.pangya.crypto.ServerFrameCipher;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small blocking PangYa LoginService client: the client side of the transport (reads the hello, encrypts
 * its frames, decrypts and decompresses the server's) and the Login packets. Used by tests and tools; every
 * read waits at most the timeout given at connect.
 */
public final class PangyaClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Profile profile;
    private final ClientFrameCipher clientCipher;
    private final ServerFrameCipher serverCipher;
    private final int key;
    private final long serverId;

    private PangyaClient(Socket socket, Profile profile, KeyTables tables) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.profile = profile;
        this.clientCipher = new ClientFrameCipher(tables);
        this.serverCipher = new ServerFrameCipher(tables);
        byte[] hello = new byte[14];
        in.readFully(hello);
        if (hello[0] != 0 || hello[1] != 0x0b || hello[2] != 0 || hello[4] != 0 || hello[5] != 0) {
            throw new IOException("not a PangYa LoginService hello");
        }
        this.key = (int) u32(hello, 6);
        this.serverId = u32(hello, 10);
        if (key < 0 || key > 15) {
            throw new IOException("hello carries key " + key + ", outside 0..15");
        }
    }

    /** Connects and reads the hello. */
    public static PangyaClient connect(InetSocketAddress address, Profile profile, KeyTables tables, Duration timeout) {
        return connect(address, null, profile, tables, timeout);
    }

    /** Connects from {@code local} (null: any; load generators spread over several source addresses). */
    public static PangyaClient connect(InetSocketAddress address, InetSocketAddress local, Profile profile,
                                       KeyTables tables, Duration timeout) {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new PangyaClient(socket, profile, tables);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    /** The key the hello gave this connection. */
    public int key() {
        return key;
    }

    /** The server id the hello carried. */
    public long helloServerId() {
        return serverId;
    }

    public Profile profile() {
        return profile;
    }

    /** Sends Login with the password in the profile's form (plaintext or MD5 hex). */
    public void login(String username, String password) {
        send(new ClientPacket.Login(username, profile.passwordForm().onTheWire(password)));
    }

    public void send(ClientPacket packet) {
        sendFrame(frame(packet));
    }

    /** The encrypted frame for a packet, under a random salt. */
    public byte[] frame(ClientPacket packet) {
        return clientCipher.encrypt(key, ThreadLocalRandom.current().nextInt(256), ClientPacket.encode(packet, profile));
    }

    /** The encrypted frame for any payload (hostile tests: unknown ids, bad layouts). */
    public byte[] frame(byte[] payload) {
        return clientCipher.encrypt(key, ThreadLocalRandom.current().nextInt(256), payload);
    }

    /** Writes bytes as they are: whole frames, parts of frames, garbage. */
    public void sendFrame(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next server packet; throws on timeout or when the server closed the connection. */
    public ServerPacket receive() {
        try {
            int salt = in.readUnsignedByte();
            int lengthField = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            byte[] frame = new byte[ServerFrameCipher.frameLength(lengthField)];
            frame[0] = (byte) salt;
            frame[1] = (byte) lengthField;
            frame[2] = (byte) (lengthField >>> 8);
            in.readFully(frame, 3, frame.length - 3);
            ServerFrameCipher.Opened opened = serverCipher.decrypt(key, frame);
            return ServerPacket.decode(Lzo.decompress(opened.compressed(), opened.uncompressedLength()), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next server packet, which must be of the given type. */
    public <T extends ServerPacket> T receive(Class<T> type) {
        ServerPacket packet = receive();
        if (!type.isInstance(packet)) {
            throw new IllegalStateException("expected " + type.getSimpleName() + ", received " + packet);
        }
        return type.cast(packet);
    }

    /**
     * Waits for the server to close the connection, discarding anything it still sends.
     *
     * @return true if it closed within the timeout, false if it kept the connection open
     */
    public boolean awaitClose() {
        try {
            byte[] sink = new byte[512];
            while (in.read(sink) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return true; // reset by the server counts as closed
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
