package dev.revenant.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesARandomTokenOnlyTheOwnerCanRead() throws Exception {
        Path file = dir.resolve("data/admin.token");

        AdminToken token = AdminToken.loadOrCreate(file);

        String text = Files.readString(file).strip();
        assertThat(text).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(token.matches(text)).isTrue();
        assertThat(token.matches(text.substring(1))).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).doesNotContain(text);
    }

    @Test
    void laterStartsKeepTheTokenAndTwoDataDirsGetDifferentOnes() throws Exception {
        Path file = dir.resolve("admin.token");
        AdminToken.loadOrCreate(file);
        String first = Files.readString(file);

        AdminToken again = AdminToken.loadOrCreate(file);

        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(again.matches(first.strip())).isTrue();
        AdminToken.loadOrCreate(dir.resolve("other/admin.token"));
        assertThat(Files.readString(dir.resolve("other/admin.token"))).isNotEqualTo(first);
    }

    @Test
    void anOperatorsOwnTokenIsUsedAsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  correct-horse\n");
        assertThat(AdminToken.loadOrCreate(file).matches("correct-horse")).isTrue();
    }

    @Test
    void anEmptyTokenFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "\n");
        assertThatThrownBy(() -> AdminToken.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is empty");
    }
}
