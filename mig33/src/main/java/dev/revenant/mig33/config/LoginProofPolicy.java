package dev.revenant.mig33.config;

import dev.revenant.mig33.codec.LoginHash;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which LOGIN_RESPONSE proofs (spec §4.4) each client version (LOGIN field 3, 420 = 4.20) may send, the
 * operator's {@code mig33.loginProofs}: ranges of versions with the forms each accepts, e.g.
 * {@code "0-299: hash, hash-lower; 300-499: hash-lower; 500-: sha1"}. A version in no range cannot log in.
 *
 * <p>Every known MIDlet (3.00, 3.08, 4.05, 4.20, 4.30, 4.50, 4.62, read from their bytecode) sends
 * {@code (challenge + password.toLowerCase()).hashCode()} and nothing else. That proof is linear in the
 * password's hash: two sniffed logins let anyone forge the next one. No policy can make a plain-TCP
 * String.hashCode client safe; what a policy can do is refuse the forgeable forms wherever a client can send
 * a stronger one, and refuse old versions altogether. The version is what the client claims: only a range
 * that accepts no hash form shuts the forgers out.
 */
public final class LoginProofPolicy {
    /** The forms a proof may take. */
    public enum Form {
        /** String.hashCode of challenge + lower-cased password: every known MIDlet, 3.00–4.62. */
        HASH_LOWER("hash-lower"),
        /** String.hashCode of challenge + password as typed (the spec's first form). */
        HASH("hash"),
        /** SHA-1 of challenge + password, its five words XORed (the spec's "newer clients"). */
        SHA1("sha1");

        private final String name;

        Form(String name) {
            this.name = name;
        }

        public String configName() {
            return name;
        }

        public int proof(String challenge, String password) {
            return switch (this) {
                case HASH_LOWER -> LoginHash.stringHash(challenge, password.toLowerCase(Locale.ROOT));
                case HASH -> LoginHash.stringHash(challenge, password);
                case SHA1 -> LoginHash.sha1Fold(challenge, password);
            };
        }

        static Form named(String name) {
            for (Form f : values()) {
                if (f.name.equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("loginProofs: unknown proof form '" + name + "' (hash-lower, hash or sha1)");
        }
    }

    private record Range(int from, int to, Set<Form> forms) {}

    private final List<Range> ranges;

    private LoginProofPolicy(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Reads {@code "from-to: form, form; from-: form"}; throws IllegalArgumentException saying what is wrong. */
    public static LoginProofPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("loginProofs must name at least one range of client versions");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(";")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("loginProofs entry '" + entry + "' needs 'versions: forms'");
            }
            String versions = entry.substring(0, colon).trim();
            int from;
            int to;
            try {
                int dash = versions.indexOf('-');
                if (dash < 0) {
                    from = to = Integer.parseInt(versions);
                } else {
                    from = Integer.parseInt(versions.substring(0, dash).trim());
                    String upper = versions.substring(dash + 1).trim();
                    to = upper.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(upper);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("loginProofs versions '" + versions
                        + "' must be a version (420), a range (300-499) or an open range (500-)");
            }
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("loginProofs range '" + versions + "' is empty or negative");
            }
            Set<Form> forms = EnumSet.noneOf(Form.class);
            for (String name : entry.substring(colon + 1).split("[,\\s]+")) {
                if (!name.isBlank()) {
                    forms.add(Form.named(name.trim().toLowerCase(Locale.ROOT)));
                }
            }
            if (forms.isEmpty()) {
                throw new IllegalArgumentException("loginProofs range '" + versions + "' names no proof form");
            }
            for (Range r : ranges) {
                if (from <= r.to() && r.from() <= to) {
                    throw new IllegalArgumentException("loginProofs range '" + versions + "' overlaps another");
                }
            }
            ranges.add(new Range(from, to, Set.copyOf(forms)));
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("loginProofs must name at least one range of client versions");
        }
        return new LoginProofPolicy(ranges);
    }

    /** The forms a client of this version may send; empty: it cannot log in. */
    public Set<Form> formsFor(int clientVersion) {
        for (Range r : ranges) {
            if (clientVersion >= r.from() && clientVersion <= r.to()) {
                return r.forms();
            }
        }
        return Set.of();
    }

    /** Whether {@code proof} is an accepted form, for this client version, of this challenge and password. */
    public boolean accepts(int clientVersion, String challenge, String password, int proof) {
        boolean ok = false;
        for (Form f : formsFor(clientVersion)) {
            ok |= f.proof(challenge, password) == proof; // every form computed: no early exit
        }
        return ok;
    }
}
