package dev.revenant.pangya.codec;

import java.nio.charset.Charset;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The bytes in which client versions differ (spec §1), as data. {@link #TH829} is the seed's client and the
 * default; {@link #US852} is the client most preserved today. Every value can be overridden in configuration.
 *
 * @param successUnknown the 14 bytes between user id and nickname in a successful Login result
 * @param bannedCode error code for a banned account (not documented for any client: overridable)
 * @param maintenanceCode error code while the server is in maintenance mode (likewise)
 */
public record Profile(
        String name,
        int statusNeedNickname,
        int statusNeedCharacter,
        int statusError,
        PasswordForm passwordForm,
        int loginTailLength,
        int serverEntrySize,
        String codePage,
        byte[] successUnknown,
        long bannedCode,
        long maintenanceCode) {

    public static final int SUCCESS_UNKNOWN_LENGTH = 14;
    /** Status byte of a successful login; the same in every known client. */
    public static final int STATUS_SUCCESS = 0;

    private static final byte[] SEED_UNKNOWN = HexFormat.ofDelimiter(" ").parseHex("00 00 00 00 25 00 00 00 00 00 00 00 00 00");

    /** TH R6.829.01, the client of the seed's examples. */
    public static final Profile TH829 = new Profile("th829", 0xD9, 0xDA, 0xE3, PasswordForm.PLAINTEXT, 18, 92,
            "windows-874", SEED_UNKNOWN, LoginError.INVALID_CREDENTIALS, LoginError.INVALID_CREDENTIALS);

    /** US/GB 852. */
    public static final Profile US852 = new Profile("us852", 0xD8, 0xD9, 0xE2, PasswordForm.MD5_HEX, 17, 93,
            "windows-1252", SEED_UNKNOWN, LoginError.INVALID_CREDENTIALS, LoginError.INVALID_CREDENTIALS);

    public Profile {
        successUnknown = successUnknown.clone();
        if (successUnknown.length != SUCCESS_UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("profile " + name + ": successUnknown must be 14 bytes, not "
                    + successUnknown.length);
        }
        if (serverEntrySize != 92 && serverEntrySize != 93) {
            throw new IllegalArgumentException("profile " + name + ": serverEntrySize must be 92 or 93");
        }
        for (int status : new int[] {statusNeedNickname, statusNeedCharacter, statusError}) {
            if (status <= 0 || status > 0xFF) {
                throw new IllegalArgumentException("profile " + name + ": a status must be 1..255");
            }
        }
        if (loginTailLength < 0) {
            throw new IllegalArgumentException("profile " + name + ": loginTailLength must not be negative");
        }
        Charset.forName(codePage); // fails early on a code page this JVM does not know
    }

    @Override
    public byte[] successUnknown() {
        return successUnknown.clone();
    }

    public Charset charset() {
        return Charset.forName(codePage);
    }

    /** A built-in profile by name ({@code th829}, {@code us852}). */
    public static Profile named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "", "th829" -> TH829;
            case "us852" -> US852;
            default -> throw new IllegalArgumentException("unknown PangYa profile '" + name + "' (th829 or us852)");
        };
    }

    /** This profile with the values the overrides set. */
    public Profile with(ProfileOverrides o) {
        if (o == null) {
            return this;
        }
        return new Profile(name,
                o.statusNeedNickname() != null ? o.statusNeedNickname() : statusNeedNickname,
                o.statusNeedCharacter() != null ? o.statusNeedCharacter() : statusNeedCharacter,
                o.statusError() != null ? o.statusError() : statusError,
                o.passwordForm() != null ? o.passwordForm() : passwordForm,
                o.loginTailLength() != null ? o.loginTailLength() : loginTailLength,
                o.serverEntrySize() != null ? o.serverEntrySize() : serverEntrySize,
                o.codePage() != null && !o.codePage().isBlank() ? o.codePage() : codePage,
                o.successUnknown() != null && !o.successUnknown().isBlank()
                        ? HexFormat.of().parseHex(o.successUnknown().replaceAll("\\s+", ""))
                        : successUnknown,
                o.bannedCode() != null ? o.bannedCode() : bannedCode,
                o.maintenanceCode() != null ? o.maintenanceCode() : maintenanceCode);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Profile[" + name + " status=" + statusNeedNickname + "/" + statusNeedCharacter + "/" + statusError
                + " password=" + passwordForm + " tail=" + loginTailLength + " entry=" + serverEntrySize
                + " codePage=" + codePage + " unknown=" + HexFormat.of().formatHex(successUnknown)
                + " banned=" + bannedCode + " maintenance=" + maintenanceCode + "]";
    }
}
