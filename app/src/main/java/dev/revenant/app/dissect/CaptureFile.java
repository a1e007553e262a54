package dev.revenant.app.dissect;

import io.pkts.Pcap;
import io.pkts.buffer.Buffer;
import io.pkts.packet.IPPacket;
import io.pkts.packet.TCPPacket;
import io.pkts.protocol.Protocol;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A classic pcap file read with io.pkts, handed on as TCP segments. */
public final class CaptureFile {
    // Before pkts reads the file its record layout is walked once: pkts stops quietly at a record header cut
    // short, and a capture cut off by a full disk or a killed tcpdump must be reported, not taken for the
    // whole conversation.
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    /** Link types io.pkts takes apart: Ethernet, raw IP, Linux cooked v1, raw IPv6. */
    private static final java.util.Map<Long, String> LINK_TYPES =
            java.util.Map.of(1L, "Ethernet", 101L, "raw IP", 113L, "Linux cooked v1", 229L, "raw IPv6");

    private final Path path;
    private int records;
    private int unreadable;

    public CaptureFile(Path path) {
        this.path = path;
    }

    /** Frames in the file. */
    public int records() {
        return records;
    }

    /** Frames pkts could not take apart (skipped). */
    public int unreadable() {
        return unreadable;
    }

    /**
     * Hands every TCP segment to {@code sink}, in capture order.
     *
     * @throws BadCaptureException when the file is not a classic pcap capture or ends inside a record; in
     *         the second case the segments before the cut have been handed on
     */
    public void read(Consumer<TcpSegment> sink) throws BadCaptureException {
        String truncation = checkLayout();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            Pcap pcap = Pcap.openStream(in);
            // pkts gives nanoseconds for a nanosecond capture (tcpdump --time-stamp-precision=nano)
            long perMicro = pcap.getPcapHeader().timestampsInNs() ? 1000 : 1;
            try {
                pcap.loop(packet -> {
                    records++;
                    TcpSegment s;
                    try {
                        s = segment(packet, perMicro);
                    } catch (RuntimeException | IOException e) {
                        // a frame pkts cannot take apart (odd link layer, mangled header) is not ours to fix
                        unreadable++;
                        return true;
                    }
                    if (s != null) {
                        sink.accept(s);
                    }
                    return true;
                });
            } finally {
                pcap.close();
            }
        } catch (IOException | RuntimeException e) {
            if (truncation == null) {
                throw new BadCaptureException(path + ": cannot read the capture: " + e.getMessage());
            }
        }
        if (truncation != null) {
            throw new BadCaptureException(truncation);
        }
    }

    private static TcpSegment segment(io.pkts.packet.Packet packet, long perMicro) throws IOException {
        if (!packet.hasProtocol(Protocol.TCP)) {
            return null;
        }
        TCPPacket tcp = (TCPPacket) packet.getPacket(Protocol.TCP);
        IPPacket ip = tcp.getParentPacket();
        Buffer payload = tcp.getPayload();
        byte[] data = payload == null ? new byte[0] : payload.getArray();
        return new TcpSegment(packet.getArrivalTime() / perMicro,
                new TcpSegment.Endpoint(ip.getSourceIP(), tcp.getSourcePort()),
                new TcpSegment.Endpoint(ip.getDestinationIP(), tcp.getDestinationPort()),
                tcp.getSequenceNumber(), tcp.isSYN(), tcp.isACK(), tcp.isFIN(), tcp.isRST(), data);
    }

    /**
     * Walks the global header and every record header. Throws when the file is no classic pcap; returns
     * a message when it ends inside a record, null when it is whole.
     */
    private String checkLayout() throws BadCaptureException {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new BadCaptureException(path + ": no such file");
        } catch (IOException e) {
            throw new BadCaptureException(path + ": cannot read: " + e.getMessage());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            byte[] head = new byte[GLOBAL_HEADER];
            int got = in.readNBytes(head, 0, head.length);
            int magic = got < 4 ? 0 : (int) u32(head, 0, false);
            boolean little;
            switch (magic) {
                case 0xA1B2C3D4, 0xA1B23C4D -> little = false;
                case 0xD4C3B2A1, 0x4D3CB2A1 -> little = true;
                case 0x0A0D0D0A -> throw new BadCaptureException(path + " is a pcapng capture; the reader takes classic pcap: "
                        + "convert it with 'editcap -F pcap " + path.getFileName() + " out.pcap' or capture with 'tcpdump -w' (pcap by default)");
                default -> throw new BadCaptureException(path + " is not a pcap capture (it starts with "
                        + startOf(head, got) + ")");
            }
            if (got < GLOBAL_HEADER) {
                throw new BadCaptureException(path + " is truncated: " + got + " bytes, less than the pcap file header");
            }
            long linkType = u32(head, 20, little);
            if (!LINK_TYPES.containsKey(linkType)) {
                throw new BadCaptureException(path + " has link type " + linkType
                        + (linkType == 276 ? " (Linux cooked v2, what 'tcpdump -i any' writes)" : "")
                        + "; the pcap reader takes Ethernet, Linux cooked v1 and raw IP: capture on one interface "
                        + "('tcpdump -i eth0', '-i lo') or add '-y LINUX_SLL' to 'tcpdump -i any'");
            }
            long at = GLOBAL_HEADER;
            int n = 0;
            byte[] rh = new byte[RECORD_HEADER];
            while (at < size) {
                int r = in.readNBytes(rh, 0, RECORD_HEADER);
                n++;
                if (r < RECORD_HEADER) {
                    return path + " is truncated: record " + n + " at byte " + at + " has " + r + " of its "
                            + RECORD_HEADER + " header bytes";
                }
                long captured = u32(rh, 8, little);
                long left = size - at - RECORD_HEADER;
                if (captured > left) {
                    return path + " is truncated: record " + n + " at byte " + at + " declares " + captured
                            + " bytes, " + left + " are left";
                }
                in.skipNBytes(captured);
                at += RECORD_HEADER + captured;
            }
            return null;
        } catch (EOFException e) {
            return path + " is truncated";
        } catch (IOException e) {
            throw new BadCaptureException(path + ": cannot read: " + e.getMessage());
        }
    }

    private static long u32(byte[] b, int at, boolean little) {
        long n = 0;
        for (int i = 0; i < 4; i++) {
            n = (n << 8) | (b[little ? at + 3 - i : at + i] & 0xFFL);
        }
        return n;
    }

    private static String startOf(byte[] head, int got) {
        if (got == 0) {
            return "nothing: the file is empty";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(got, 4); i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%02x", head[i] & 0xFF));
        }
        return sb.toString();
    }
}
