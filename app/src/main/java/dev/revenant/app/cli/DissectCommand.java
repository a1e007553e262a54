package dev.revenant.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.dissect.BadCaptureException;
import dev.revenant.app.dissect.CaptureFile;
import dev.revenant.app.dissect.Dissector;
import dev.revenant.mig33.codec.Mig33StreamDecoder;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketDescription;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code revenant dissect FILE.pcap}: every mig33 packet of a capture, both ways, named as spec §9 names it. */
@Command(name = "dissect", mixinStandardHelpOptions = true,
        description = "Decode the mig33 packets of a capture (classic pcap, e.g. tcpdump -w FILE port 9119).",
        footer = "Exit status: 0; 2 when the file is no pcap, is cut short (what came before the cut is printed), "
                + "or holds a connection on a server port that carries no mig33 packet.")
public final class DissectCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Spec CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "The capture.") Path file;
    @Option(names = "--port", split = ",", paramLabel = "PORT", defaultValue = "9119,25,80",
            description = "The server's ports; the other end of a connection is the client (default: ${DEFAULT-VALUE}).")
    List<Integer> ports;
    @Option(names = "--json", description = "One JSON object a line: each connection, packet, problem and note (FIN, RST, HTTP message).")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Dissector dissector = new Dissector(new LinkedHashSet<>(ports));
        CaptureFile capture = new CaptureFile(file);
        String cut = null;
        try {
            capture.read(dissector::segment);
        } catch (BadCaptureException e) {
            if (capture.records() == 0) {
                err.println("revenant dissect: " + e.getMessage());
                err.flush();
                return 1;
            }
            cut = e.getMessage(); // what came before the cut is still worth reading
        }
        List<Dissector.Conversation> conversations = dissector.finish();
        for (Dissector.Conversation c : conversations) {
            if (json) {
                printJson(out, c);
            } else {
                printText(out, c);
            }
        }
        out.flush();

        List<String> complaints = new ArrayList<>();
        if (cut != null) {
            complaints.add(cut + " (the connections above end there)");
        }
        if (conversations.isEmpty()) {
            complaints.add(file + " has no TCP traffic to or from ports " + portList()
                    + (capture.unreadable() > 0 ? " (" + capture.unreadable() + " frames could not be read)" : ""));
        }
        for (Dissector.Conversation c : conversations) {
            Dissector.Flow up = c.flow(Dissector.Direction.CLIENT_TO_SERVER);
            Dissector.Flow down = c.flow(Dissector.Direction.SERVER_TO_CLIENT);
            if (up.bytes() + down.bytes() > 0 && up.packets() + down.packets() == 0) {
                Dissector.Flow talker = up.bytes() > 0 ? up : down;
                complaints.add("connection " + c.number() + " (" + c.client() + " <-> " + c.server()
                        + ") is not mig33 traffic: no packet in " + (up.bytes() + down.bytes())
                        + " bytes; it starts with " + printable(talker.firstBytes()));
            }
        }
        for (String complaint : complaints) {
            err.println("revenant dissect: " + complaint);
        }
        err.flush();
        return complaints.isEmpty() ? 0 : 1; // a refusal like any command's (2 is a wrong command line)
    }

    private String portList() {
        return String.join(", ", ports.stream().map(String::valueOf).toList());
    }

    private void printText(PrintWriter out, Dissector.Conversation c) {
        out.println("connection " + c.number() + ": client " + c.client() + " <-> server " + c.server()
                + ", " + STAMP.format(instant(c.firstMicros())));
        for (Dissector.Event e : c.events()) {
            StringBuilder line = new StringBuilder("  ").append(CLOCK.format(instant(e.micros()))).append(' ')
                    .append(e.direction().label()).append(' ');
            if (e.note() != null) {
                line.append(e.note());
            } else if (e.item() instanceof Mig33StreamDecoder.Frame f) {
                line.append(PacketDescription.describe(f.packet()));
            } else {
                Mig33StreamDecoder.Problem p = (Mig33StreamDecoder.Problem) e.item();
                line.append("! ").append(p.message());
            }
            out.println(line);
        }
        out.println("  " + summary(c, Dissector.Direction.CLIENT_TO_SERVER) + "; "
                + summary(c, Dissector.Direction.SERVER_TO_CLIENT) + tcpSummary(c));
    }

    private static String summary(Dissector.Conversation c, Dissector.Direction d) {
        Dissector.Flow f = c.flow(d);
        return d.label() + " " + f.bytes() + " bytes, " + f.packets() + (f.packets() == 1 ? " packet" : " packets")
                + (f.problems() > 0 ? ", " + f.problems() + (f.problems() == 1 ? " problem" : " problems") : "");
    }

    private static String tcpSummary(Dissector.Conversation c) {
        int re = 0;
        int early = 0;
        for (Dissector.Direction d : Dissector.Direction.values()) {
            re += c.flow(d).retransmitted();
            early += c.flow(d).outOfOrder();
        }
        String s = "";
        if (re > 0) {
            s += "; " + re + " retransmitted " + (re == 1 ? "segment" : "segments");
        }
        if (early > 0) {
            s += "; " + early + " out-of-order " + (early == 1 ? "segment" : "segments");
        }
        return s;
    }

    private void printJson(PrintWriter out, Dissector.Conversation c) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("connection", c.number());
        head.put("client", c.client().toString());
        head.put("server", c.server().toString());
        head.put("time", STAMP.format(instant(c.firstMicros())));
        out.println(toJson(head));
        for (Dissector.Event e : c.events()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("connection", c.number());
            line.put("time", STAMP.format(instant(e.micros())));
            line.put("direction", e.direction().label());
            if (e.note() != null) {
                line.put("note", e.note());
            } else if (e.item() instanceof Mig33StreamDecoder.Frame f) {
                Packet p = f.packet();
                line.put("offset", f.offset());
                line.put("type", p.type());
                line.put("name", PacketDescription.name(p.type()));
                line.put("txn", p.txn());
                List<Map<String, Object>> fields = new ArrayList<>();
                for (PacketDescription.FieldValue v : PacketDescription.fields(p)) {
                    Map<String, Object> field = new LinkedHashMap<>();
                    field.put("id", v.id());
                    field.put("name", v.name());
                    field.put("type", v.type());
                    field.put("read", v.shape().name().toLowerCase(java.util.Locale.ROOT));
                    field.put("value", v.value());
                    fields.add(field);
                }
                line.put("fields", fields);
            } else {
                line.put("offset", e.item().offset());
                line.put("problem", ((Mig33StreamDecoder.Problem) e.item()).message());
            }
            out.println(toJson(line));
        }
    }

    private String toJson(Map<String, Object> value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** The bytes as text with anything unprintable as \xNN, in quotes. */
    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        String s = new String(b, StandardCharsets.ISO_8859_1);
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\') {
                sb.append(ch);
            } else {
                sb.append(String.format("\\x%02x", (int) ch));
            }
        }
        return sb.append('"').toString();
    }
}
