package dev.revenant.mig33.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The fields of a form a phone's browser posts, read as the phones write them. */
public final class PhoneForms {
    private PhoneForms() {}

    /** At most this many characters of form data are read: a page's form is a few fields. */
    public static final int MAX_FORM_CHARS = 4096;

    /**
     * A form's {@code name=value&...}, as the phones send it: {@code %XX} escapes decoded (UTF-8), any other
     * character as it stands ({@code +} is not a space: the phones escape nothing but spaces). The first of a
     * repeated name counts; past {@link #MAX_FORM_CHARS} nothing is read.
     */
    public static Map<String, String> formOf(String data) {
        Map<String, String> fields = new HashMap<>();
        String text = data.length() > MAX_FORM_CHARS ? data.substring(0, MAX_FORM_CHARS) : data;
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(pair.substring(0, eq), unescape(pair.substring(eq + 1)));
            }
        }
        return fields;
    }

    /** {@code %XX} decoded as UTF-8 bytes; a {@code %} not followed by two hex digits is itself. */
    static String unescape(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            int hi = in[i] == '%' && i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(in[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
