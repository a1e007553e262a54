package dev.revenant.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    @TempDir Path dir;

    @Test
    void sealsSoThatOnlyTheSameKeyFileOpens() throws Exception {
        Path keyFile = dir.resolve("secret.key");
        SecretBox box = SecretBox.open(keyFile);
        String sealed = box.seal("Password1");
        assertThat(sealed).doesNotContain("Password1");
        assertThat(SecretBox.open(keyFile).open(sealed)).isEqualTo("Password1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        SecretBox other = SecretBox.open(dir.resolve("other.key"));
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueSealedForOneOwnerOpensForNoOther() {
        SecretBox box = SecretBox.open(dir.resolve("secret.key"));
        String sealed = box.seal("Password1", "mig33:user:alice");
        assertThat(box.open(sealed, "mig33:user:alice")).isEqualTo("Password1");
        assertThatThrownBy(() -> box.open(sealed, "mig33:user:bob")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open(box.seal("Password1"), "mig33:user:alice"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
