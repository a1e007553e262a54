package dev.revenant.pangya.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two 4096-byte tables of the PangYa transport cipher, indexed by {@code (key << 8) | salt}. They were
 * extracted from the US 852 client and are not part of this project: the operator supplies the file.
 */
public final class KeyTables {
    /** SHA-256 of the tables every known client uses (spec §2.3). */
    public static final String KNOWN_SHA256 = "003d0b42f9fc1e2fb3b9dc37d23bbe1ff018669ea81bf0068abfaea4942b7133";
    public static final int SIZE = 8192;
    private static final int TABLE = 4096;
    private static final String HOW_TO_SUPPLY =
            "supply the 8192-byte PangYa key tables (keys.bin, table0 then table1) with the configuration key"
                    + " pangya.keys or the option --pangya-keys FILE";

    private final byte[] tables;
    private final String sha256;

    private KeyTables(byte[] tables, String sha256) {
        this.tables = tables;
        this.sha256 = sha256;
    }

    /** Loads and checks the tables; the exception message says what is wrong and how to supply them. */
    public static KeyTables load(Path file) {
        if (file == null || file.toString().isBlank()) {
            throw new KeyTablesException("PangYa key tables: no file configured; " + HOW_TO_SUPPLY);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyTablesException("PangYa key tables: " + file.toAbsolutePath() + " does not exist; " + HOW_TO_SUPPLY);
        } catch (IOException e) {
            throw new KeyTablesException("PangYa key tables: cannot read " + file.toAbsolutePath() + " (" + e.getMessage()
                    + "); " + HOW_TO_SUPPLY);
        }
        try {
            return of(bytes);
        } catch (KeyTablesException e) {
            throw new KeyTablesException("PangYa key tables: " + file.toAbsolutePath() + ": " + e.getMessage() + "; "
                    + HOW_TO_SUPPLY);
        }
    }

    /** Checks and wraps tables already in memory (a copy is kept). */
    public static KeyTables of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new KeyTablesException("expected " + SIZE + " bytes, found " + bytes.length);
        }
        // every row of a real table is a permutation of 0..255 that starts 00 01: a cheap test that the
        // operator gave us the right file and not, say, a truncated or shifted copy
        for (int row = 0; row < SIZE / 256; row++) {
            int base = row * 256;
            if (bytes[base] != 0 || bytes[base + 1] != 1) {
                throw new KeyTablesException("row " + row + " does not start 00 01");
            }
            boolean[] seen = new boolean[256];
            for (int i = 0; i < 256; i++) {
                int v = bytes[base + i] & 0xFF;
                if (seen[v]) {
                    throw new KeyTablesException("row " + row + " is not a permutation of 0..255");
                }
                seen[v] = true;
            }
        }
        return new KeyTables(bytes.clone(), sha256(bytes));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code T0} for a key (0..15) and a salt. */
    public int t0(int key, int salt) {
        return tables[index(key, salt)] & 0xFF;
    }

    /** {@code T1} for a key (0..15) and a salt. */
    public int t1(int key, int salt) {
        return tables[TABLE + index(key, salt)] & 0xFF;
    }

    private static int index(int key, int salt) {
        if (key < 0 || key > 15) {
            throw new IllegalArgumentException("key out of range 0..15: " + key);
        }
        return (key << 8) | (salt & 0xFF);
    }

    public String sha256() {
        return sha256;
    }

    /** Whether these are the tables the known clients use (an unknown file may still be right for a rare client). */
    public boolean known() {
        return KNOWN_SHA256.equals(sha256);
    }
}
