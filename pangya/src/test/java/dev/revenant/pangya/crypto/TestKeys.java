package dev.revenant.pangya.crypto;

import dev.revenant.core.testing.SharedData;

/** The operator's key tables as the tests find them in ../shared (never in the repository). */
public final class TestKeys {
    private static KeyTables tables;

    private TestKeys() {}

    public static synchronized KeyTables tables() {
        if (tables == null) {
            tables = KeyTables.load(SharedData.require("data/pangya/keys.bin"));
        }
        return tables;
    }
}
