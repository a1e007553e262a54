package dev.revenant.app.dissect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap capture (little-endian, microseconds, Ethernet) of TCP connections, segment by
 * segment, so tests can lay out exactly the retransmissions, reorderings and cuts a real capture shows.
 */
public final class PcapFile {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** 2026-01-01T00:00:00Z; each record is a millisecond after the previous one unless told. */
    private long micros = 1_767_225_600_000_000L;
    private int ipId = 1;
    private final boolean nanos;

    /** A capture with microsecond times. */
    public PcapFile() {
        this(false);
    }

    /** A capture with nanosecond times ({@code tcpdump --time-stamp-precision=nano}) when {@code nanos}. */
    public PcapFile(boolean nanos) {
        this.nanos = nanos;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    /** A connection from the client's address and port to the server's. */
    public Connection connection(String clientIp, int clientPort, String serverIp, int serverPort) {
        return new Connection(address(clientIp), clientPort, address(serverIp), serverPort);
    }

    /** Sets the time of the next record (microseconds since the epoch). */
    public PcapFile at(long epochMicros) {
        this.micros = epochMicros;
        return this;
    }

    public long micros() {
        return micros;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public Path write(Path file) {
        try {
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(byte[] frame) {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int fraction = (int) (micros % 1_000_000) * (nanos ? 1000 : 1);
        h.putInt((int) (micros / 1_000_000)).putInt(fraction).putInt(frame.length).putInt(frame.length);
        out.writeBytes(h.array());
        out.writeBytes(frame);
        micros += 1000;
    }

    private static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** One TCP connection; the client's and the server's next sequence numbers advance as data is sent. */
    public final class Connection {
        private final byte[] clientIp;
        private final int clientPort;
        private final byte[] serverIp;
        private final int serverPort;
        public long clientSeq = 1_000;
        public long serverSeq = 0xFFFF_FF00L; // wraps past 2^32 after 256 bytes, as real sequence numbers do

        private Connection(byte[] clientIp, int clientPort, byte[] serverIp, int serverPort) {
            this.clientIp = clientIp;
            this.clientPort = clientPort;
            this.serverIp = serverIp;
            this.serverPort = serverPort;
        }

        /** The three-way handshake. */
        public Connection open() {
            segment(true, clientSeq, new byte[0], SYN);
            clientSeq++;
            segment(false, serverSeq, new byte[0], SYN | ACK);
            serverSeq++;
            segment(true, clientSeq, new byte[0], ACK);
            return this;
        }

        /** The client sends these bytes in one segment. */
        public Connection client(byte[] payload) {
            segment(true, clientSeq, payload, PSH | ACK);
            clientSeq += payload.length;
            return this;
        }

        /** The server sends these bytes in one segment. */
        public Connection server(byte[] payload) {
            segment(false, serverSeq, payload, PSH | ACK);
            serverSeq += payload.length;
            return this;
        }

        /** Both sides close, the client first. */
        public Connection close() {
            segment(true, clientSeq, new byte[0], FIN | ACK);
            clientSeq++;
            segment(false, serverSeq, new byte[0], FIN | ACK);
            serverSeq++;
            segment(true, clientSeq, new byte[0], ACK);
            return this;
        }

        /** Any segment, at any sequence number (retransmissions, reordering). */
        public void segment(boolean fromClient, long seq, byte[] payload, int flags) {
            byte[] srcIp = fromClient ? clientIp : serverIp;
            byte[] dstIp = fromClient ? serverIp : clientIp;
            int srcPort = fromClient ? clientPort : serverPort;
            int dstPort = fromClient ? serverPort : clientPort;
            long ack = fromClient ? serverSeq : clientSeq;
            int total = 20 + 20 + payload.length;
            // Ethernet pads a frame to 60 bytes; the padding is not TCP data
            ByteBuffer f = ByteBuffer.allocate(Math.max(60, 14 + total));
            f.put(new byte[] {2, 0, 0, 0, 0, (byte) (fromClient ? 1 : 2)});
            f.put(new byte[] {2, 0, 0, 0, 0, (byte) (fromClient ? 2 : 1)});
            f.putShort((short) 0x0800);
            int ipStart = f.position();
            f.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) ipId++).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) 6).putShort((short) 0).put(srcIp).put(dstIp);
            f.putShort(ipStart + 10, ipChecksum(f.array(), ipStart));
            f.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq)
                    .putInt((flags & ACK) != 0 ? (int) ack : 0)
                    .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
            f.put(payload);
            record(f.array());
        }

        private short ipChecksum(byte[] b, int from) {
            int sum = 0;
            for (int i = from; i < from + 20; i += 2) {
                sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            }
            while ((sum >> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (short) ~sum;
        }
    }
}
