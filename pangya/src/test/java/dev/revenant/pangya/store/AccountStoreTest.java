package dev.revenant.pangya.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.store.Database;
import dev.revenant.core.testing.TestStores;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.login.Account;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
    @TempDir Path dir;
    Database database;
    AccountAdmin admin;
    AccountStore store;

    @BeforeEach
    void open() {
        database = Database.open(TestStores.fresh(), dir);
        admin = new AccountAdmin(database, 4);
        store = new AccountStore(database, 4);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void bothPasswordFormsVerifyAgainstOneStoredHash() {
        long id = admin.add("Pangbox", "hunter2");
        String th = PasswordForm.PLAINTEXT.toMd5Hex("hunter2").orElseThrow();
        String us = PasswordForm.MD5_HEX.toMd5Hex(PasswordForm.md5Hex("hunter2").toLowerCase()).orElseThrow();
        assertThat(store.verify("pangbox", th)).map(Account::id).contains(id);
        assertThat(store.verify("PANGBOX", us)).map(Account::username).contains("Pangbox");
        assertThat(store.verify("pangbox", PasswordForm.md5Hex("hunter3"))).isEmpty();
        assertThat(store.verify("nobody", th)).isEmpty();
        // the hash is a bcrypt string, never the MD5 itself
        String stored = new dev.revenant.core.store.Jdbc(database.dataSource())
                .one("SELECT password_hash FROM pangya_account", rs -> rs.getString(1)).orElseThrow();
        assertThat(stored).startsWith("$2a$04$").doesNotContain(th);
    }

    @Test
    void adminCommandsKeepTheRules() {
        admin.add("alice", "pw1");
        assertThatThrownBy(() -> admin.add("ALICE", "pw2")).hasMessageContaining("already exists");
        assertThatThrownBy(() -> admin.add("a b", "pw2")).hasMessageContaining("username");
        assertThatThrownBy(() -> admin.add("bob", "has space")).hasMessageContaining("password");
        assertThatThrownBy(() -> admin.passwd("nobody", "x")).hasMessageContaining("no account nobody");
        admin.passwd("Alice", "pw9");
        assertThat(store.verify("alice", PasswordForm.md5Hex("pw9"))).isPresent();
        assertThat(store.verify("alice", PasswordForm.md5Hex("pw1"))).isEmpty();
        admin.ban("alice");
        assertThat(store.verify("alice", PasswordForm.md5Hex("pw9"))).map(Account::banned).contains(true);
        admin.unban("alice");
        assertThat(admin.list()).singleElement().satisfies(r -> {
            assertThat(r.account().username()).isEqualTo("alice");
            assertThat(r.account().banned()).isFalse();
        });
    }

    @Test
    void nicknamesAreUniqueIgnoringCaseAndSetOnce() {
        long a = admin.add("alice", "pw");
        long b = admin.add("bobby", "pw");
        assertThat(store.nicknameTaken("Ace")).isFalse();
        assertThat(store.setNickname(a, "Ace")).isTrue();
        assertThat(store.nicknameTaken("ACE")).isTrue();
        assertThat(store.setNickname(b, "aCe")).isFalse();
        assertThat(store.setNickname(a, "Other")).isFalse(); // already has one
        store.setCharacter(a, 0x04000003L, 7);
        assertThat(store.byId(a)).contains(new Account(a, "alice", "Ace", 0x04000003L, 7, false));
        assertThat(store.byId(b).orElseThrow().hasCharacter()).isFalse();
    }

    @Test
    void chatMacrosDefaultUntilChanged() {
        long a = admin.add("alice", "pw");
        assertThat(store.chatMacros(a)).isEqualTo(Account.DEFAULT_MACROS).hasSize(9);
        store.setChatMacro(a, 4, "Oops");
        store.setChatMacro(a, 4, "Oops!");
        assertThat(store.chatMacros(a).get(4)).isEqualTo("Oops!");
        assertThat(store.chatMacros(a).get(3)).isEqualTo(Account.DEFAULT_MACROS.get(3));
    }
}
