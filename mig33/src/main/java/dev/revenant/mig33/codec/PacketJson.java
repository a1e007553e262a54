package dev.revenant.mig33.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a packet, as the original server wrote it for web clients (its FusionPacket's JSON,
 * version 2): {@code {"T":type,"I":transaction id,"F":{"field id":value, ...}}}, "F" left out when the packet
 * has no field; several packets are a JSON array of those. A value is typed by §9's table
 * ({@link PacketCatalogue}): int8…int64 a JSON number, bool true/false (0/1 read too), string a JSON
 * string, bytes base64, {@code string[](NUL-sep)} an array of strings, {@code int64[]} an array of numbers.
 *
 * <p>Two cases §9's table cannot type: a field it does not list (or a packet type it does not list) is
 * written as a string when its bytes are text, else base64, and read by its JSON type (a string as UTF-8, a
 * number as int32, or int64 past that range, a boolean as one byte, an array of strings NUL-joined); and
 * MESSAGE's content (8), a string for text but the file's bytes for a picture, audio or video (content type
 * 6 = 2, 3 or 4), is base64 then.
 */
public final class PacketJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PacketJson() {}

    /** The text is not JSON, or not a packet (or list of packets) in this form; the message says where. */
    public static final class MalformedJsonException extends RuntimeException {
        public MalformedJsonException(String message) {
            super(message);
        }
    }

    /** How §9 types a field, reduced to what JSON distinguishes. */
    private enum Kind { INT8, INT16, INT32, INT64, BOOL, STRING, BYTES, STRINGS, INT64S, NUMBER_OR_STRING, UNLISTED }

    // ---- writing ----

    /** One packet as one JSON object (text). */
    public static String write(Packet p) {
        // streamed, not through a tree: every packet a WebSocket session receives is written here
        StringWriter out = new StringWriter(32 + 2 * p.contentLength());
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(p, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(Packet p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("T", p.type());
        g.writeNumberField("I", p.txn());
        if (!p.fields().isEmpty()) {
            g.writeObjectFieldStart("F");
            boolean file = fileContent(p);
            List<Packet.Field> fields = p.fields();
            for (int i = 0; i < fields.size(); i++) {
                Packet.Field field = fields.get(i);
                if (!repeated(fields, i)) {
                    g.writeFieldName(Integer.toString(field.id()));
                    g.writeTree(value(kind(p.type(), field.id(), file), field.value()));
                }
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Whether an earlier field has the same id (a repeated field: the first counts, as Packet.raw reads it). */
    private static boolean repeated(List<Packet.Field> fields, int i) {
        for (int j = 0; j < i; j++) {
            if (fields.get(j).id() == fields.get(i).id()) {
                return true;
            }
        }
        return false;
    }

    /** Several packets as one JSON array (text). */
    public static String write(List<Packet> packets) {
        ArrayNode a = NODES.arrayNode(packets.size());
        packets.forEach(p -> a.add(toJson(p)));
        return a.toString();
    }

    /** One packet as a JSON object. */
    public static ObjectNode toJson(Packet p) {
        ObjectNode o = NODES.objectNode();
        o.put("T", p.type());
        o.put("I", p.txn());
        if (!p.fields().isEmpty()) {
            ObjectNode f = o.putObject("F");
            for (Packet.Field field : p.fields()) {
                // a repeated field: the first counts, as Packet.raw reads it
                if (!f.has(Integer.toString(field.id()))) {
                    f.set(Integer.toString(field.id()), value(kind(p.type(), field.id(), fileContent(p)), field.value()));
                }
            }
        }
        return o;
    }

    private static JsonNode value(Kind kind, byte[] v) {
        switch (kind) {
            case INT8, INT16, INT32, INT64:
                return PacketDescription.isNumberWidth(v.length) ? NODES.numberNode(number(v, 0, v.length)) : base64(v);
            case BOOL:
                return v.length == 1 ? NODES.booleanNode(v[0] != 0)
                        : PacketDescription.isNumberWidth(v.length) ? NODES.booleanNode(number(v, 0, v.length) != 0) : base64(v);
            case STRING:
                return NODES.textNode(new String(v, StandardCharsets.UTF_8));
            case BYTES:
                return base64(v);
            case STRINGS: {
                ArrayNode a = NODES.arrayNode();
                if (v.length > 0) {
                    for (String s : new String(v, StandardCharsets.UTF_8).split("\0", -1)) {
                        a.add(s);
                    }
                }
                return a;
            }
            case INT64S: {
                if (v.length % 8 != 0) {
                    return base64(v);
                }
                ArrayNode a = NODES.arrayNode();
                for (int i = 0; i < v.length; i += 8) {
                    a.add(number(v, i, 8));
                }
                return a;
            }
            case NUMBER_OR_STRING:
                String text = text(v);
                return text == null && PacketDescription.isNumberWidth(v.length) ? NODES.numberNode(number(v, 0, v.length))
                        : NODES.textNode(new String(v, StandardCharsets.UTF_8));
            default: {
                String s = text(v);
                return s != null ? NODES.textNode(s) : base64(v);
            }
        }
    }

    private static JsonNode base64(byte[] v) {
        return NODES.textNode(Base64.getEncoder().encodeToString(v));
    }

    /** As {@link Packet#number}: one byte reads unsigned, wider values signed. */
    private static long number(byte[] v, int from, int length) {
        if (length == 1) {
            return v[from] & 0xFF;
        }
        long n = v[from];
        for (int i = from + 1; i < from + length; i++) {
            n = (n << 8) | (v[i] & 0xFF);
        }
        return n;
    }

    /** Strict UTF-8 without control characters other than tab and line breaks, or null. */
    private static String text(byte[] v) {
        if (v.length == 0) {
            return "";
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return null;
            }
        }
        return s;
    }

    // ---- reading ----

    /**
     * The packets of one text: a JSON object (one packet) or an array of them.
     *
     * @throws MalformedJsonException when the text is not JSON, not a packet, or a value does not fit its field
     */
    public static List<Packet> read(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedJsonException("empty");
        }
        if (root.isArray()) {
            List<Packet> packets = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                packets.add(fromJson(root.get(i)));
            }
            return packets;
        }
        return List.of(fromJson(root));
    }

    /** One packet from its JSON object. */
    public static Packet fromJson(JsonNode o) {
        if (!o.isObject()) {
            throw new MalformedJsonException("a packet is a JSON object, not " + o.getNodeType().name().toLowerCase());
        }
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("T") && !name.equals("I") && !name.equals("F")) {
                throw new MalformedJsonException("unknown member \"" + shown(name) + "\" (a packet has T, I and F)");
            }
        }
        int type = (int) integer(o.get("T"), "T", Short.MIN_VALUE, Short.MAX_VALUE, true);
        int txn = (int) integer(o.get("I"), "I", 0, 0xFFFF, false);
        Packet.Builder b = Packet.of(type, txn);
        JsonNode f = o.get("F");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw new MalformedJsonException("F of packet " + type + " must be an object of fields");
            }
            // MESSAGE's content is bytes for a file: its content type says which, wherever it stands in F
            boolean fileContent = type == PacketType.MESSAGE && f.has("6") && f.get("6").isIntegralNumber()
                    && isFileContentType(f.get("6").asLong());
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int id = fieldId(e.getKey(), type);
                b.bytes(id, bytes(kind(type, id, fileContent), e.getValue(), type, id));
            }
        }
        return b.build();
    }

    private static int fieldId(String key, int type) {
        if (key.isEmpty() || key.length() > 5 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedJsonException("field \"" + shown(key) + "\" of packet " + type + " is not a field number");
        }
        int id = Integer.parseInt(key);
        if (id > 0xFFFF) {
            throw new MalformedJsonException("field " + id + " of packet " + type + " is not a field number (0..65535)");
        }
        return id;
    }

    private static byte[] bytes(Kind kind, JsonNode v, int type, int id) {
        switch (kind) {
            case INT8:
                return width(integer(v, where(type, id), -0x80, 0xFF, false), 1);
            case INT16:
                return width(integer(v, where(type, id), -0x8000, 0xFFFF, false), 2);
            case INT32:
                return width(integer(v, where(type, id), Integer.MIN_VALUE, 0xFFFF_FFFFL, false), 4);
            case INT64:
                return width(integer(v, where(type, id), Long.MIN_VALUE, Long.MAX_VALUE, false), 8);
            case BOOL:
                if (v.isBoolean()) {
                    return new byte[] {(byte) (v.booleanValue() ? 1 : 0)};
                }
                if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) {
                    return new byte[] {(byte) v.asLong()};
                }
                throw wrong(type, id, "true or false", v);
            case STRING:
                if (v.isTextual()) {
                    return v.textValue().getBytes(StandardCharsets.UTF_8);
                }
                throw wrong(type, id, "a string", v);
            case BYTES:
                if (v.isTextual()) {
                    try {
                        return Base64.getDecoder().decode(v.textValue());
                    } catch (IllegalArgumentException e) {
                        throw wrong(type, id, "base64", v);
                    }
                }
                throw wrong(type, id, "a base64 string", v);
            case STRINGS:
                if (v.isTextual()) {
                    return v.textValue().getBytes(StandardCharsets.UTF_8);
                }
                return String.join("\0", strings(v, type, id)).getBytes(StandardCharsets.UTF_8);
            case INT64S: {
                if (!v.isArray()) {
                    throw wrong(type, id, "an array of numbers", v);
                }
                ByteBuffer out = ByteBuffer.allocate(8 * v.size());
                for (JsonNode n : v) {
                    out.putLong(integer(n, where(type, id), Long.MIN_VALUE, Long.MAX_VALUE, false));
                }
                return out.array();
            }
            case NUMBER_OR_STRING:
                if (v.isTextual()) {
                    return v.textValue().getBytes(StandardCharsets.UTF_8);
                }
                return width(integer(v, where(type, id), -0x8000, 0xFFFF, false), 2);
            default:
                return inferred(v, type, id);
        }
    }

    /** A field §9 does not type: by its JSON type. */
    private static byte[] inferred(JsonNode v, int type, int id) {
        if (v.isTextual()) {
            return v.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (v.isBoolean()) {
            return new byte[] {(byte) (v.booleanValue() ? 1 : 0)};
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            long n = v.longValue();
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? width(n, 4) : width(n, 8);
        }
        if (v.isArray()) {
            return String.join("\0", strings(v, type, id)).getBytes(StandardCharsets.UTF_8);
        }
        throw wrong(type, id, "a string, number, boolean or array of strings", v);
    }

    private static List<String> strings(JsonNode v, int type, int id) {
        if (!v.isArray()) {
            throw wrong(type, id, "an array of strings", v);
        }
        List<String> items = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw wrong(type, id, "an array of strings", v);
            }
            items.add(item.textValue());
        }
        return items;
    }

    private static long integer(JsonNode v, String where, long min, long max, boolean required) {
        if (v == null || v.isNull()) {
            if (required) {
                throw new MalformedJsonException(where + " is missing");
            }
            if (v == null && where.equals("I")) {
                return 0; // a packet without a transaction id: 0, as a push
            }
        }
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new MalformedJsonException(where + " must be a whole number " + min + ".." + max + ", not "
                    + (v == null ? "missing" : shown(v.toString())));
        }
        return v.longValue();
    }

    private static byte[] width(long n, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            b[i] = (byte) n;
            n >>= 8;
        }
        return b;
    }

    private static String where(int type, int id) {
        return "field " + id + " of packet " + type;
    }

    private static MalformedJsonException wrong(int type, int id, String expected, JsonNode v) {
        return new MalformedJsonException(where(type, id) + " must be " + expected + ", not " + shown(v.toString()));
    }

    /** Enough of a client's text to recognise it in a close reason, not all of it. */
    private static String shown(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }

    // ---- types ----

    private static boolean fileContent(Packet p) {
        return p.type() == PacketType.MESSAGE && p.has(6) && isFileContentType(p.number(6, 0));
    }

    /** MESSAGE content types 2, 3 and 4 (picture, audio, video) carry the file's bytes in field 8. */
    private static boolean isFileContentType(long contentType) {
        return contentType >= 2 && contentType <= 4;
    }

    private static Kind kind(int type, int id, boolean fileContent) {
        if (fileContent && id == 8) {
            return Kind.BYTES;
        }
        PacketCatalogue.Entry entry = PacketCatalogue.entry(type);
        PacketCatalogue.FieldSpec spec = entry == null ? null : entry.field(id);
        if (spec == null) {
            return Kind.UNLISTED;
        }
        String t = spec.type();
        if (t.contains("[](NUL-sep)")) {
            return Kind.STRINGS;
        } else if (t.startsWith("int64[]")) {
            return Kind.INT64S;
        } else if (t.startsWith("int16/string")) {
            return Kind.NUMBER_OR_STRING;
        } else if (t.startsWith("int8")) {
            return Kind.INT8;
        } else if (t.startsWith("int16")) {
            return Kind.INT16;
        } else if (t.startsWith("int32")) {
            return Kind.INT32;
        } else if (t.startsWith("int64")) {
            return Kind.INT64;
        } else if (t.startsWith("bool")) {
            return Kind.BOOL;
        } else if (t.startsWith("bytes")) {
            return Kind.BYTES;
        } else if (t.startsWith("string")) {
            return Kind.STRING;
        }
        return Kind.UNLISTED;
    }
}
