package dev.revenant.pangya.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyTablesTest {
    @TempDir Path dir;

    @Test
    void theSuppliedTablesAreTheKnownOnes() {
        KeyTables tables = KeyTables.load(SharedData.require("data/pangya/keys.bin"));
        assertThat(tables.known()).isTrue();
        assertThat(tables.sha256()).isEqualTo("003d0b42f9fc1e2fb3b9dc37d23bbe1ff018669ea81bf0068abfaea4942b7133");
    }

    @Test
    void aMissingFileSaysHowToSupplyIt() {
        assertThatThrownBy(() -> KeyTables.load(dir.resolve("nope.bin")))
                .isInstanceOf(KeyTablesException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("pangya.keys")
                .hasMessageContaining("--pangya-keys FILE");
        assertThatThrownBy(() -> KeyTables.load(Path.of("")))
                .hasMessageContaining("no file configured");
    }

    @Test
    void aFileOfTheWrongSizeOrShapeIsRefused() throws Exception {
        Path small = Files.write(dir.resolve("small.bin"), new byte[100]);
        assertThatThrownBy(() -> KeyTables.load(small)).hasMessageContaining("expected 8192 bytes, found 100")
                .hasMessageContaining("--pangya-keys");

        byte[] rows = new byte[KeyTables.SIZE];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (byte) i; // every row 00 01 02 … ff: a valid shape
        }
        assertThat(KeyTables.of(rows).known()).isFalse();
        rows[256 * 5 + 7] = rows[256 * 5 + 8]; // a repeated value in row 5
        assertThatThrownBy(() -> KeyTables.of(rows)).hasMessageContaining("row 5 is not a permutation");
        rows[256 * 5 + 7] = 7;
        rows[256 * 9] = 1; // row 9 no longer starts 00 01 (and 1 now appears twice)
        assertThatThrownBy(() -> KeyTables.of(rows)).hasMessageContaining("row 9 does not start 00 01");
        byte[] shifted = new byte[KeyTables.SIZE];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (byte) (i + 1);
        }
        assertThatThrownBy(() -> KeyTables.of(shifted)).hasMessageContaining("row 0 does not start 00 01");
    }
}
