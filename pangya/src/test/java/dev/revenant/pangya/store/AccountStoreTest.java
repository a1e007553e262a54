package dev.revenant.pangya.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.core.store.Database;
import dev.revenant.core.testing.TestStores;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.LoginRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
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

    /** The database's data source, counting the statements prepared on its connections. */
    private static DataSource counting(DataSource real, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().startsWith("prepare") || m.getName().equals("createStatement")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(c, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aLoginReadsTheAccountAndItsMacrosInOneStatementAndChecksThePasswordWithoutTheStore() {
        long a = admin.add("alice", "pw");
        store.setChatMacro(a, 4, "Oops!");
        store.setChatMacro(a, 8, "Later!");
        admin.add("bobby", "pw");
        AtomicInteger statements = new AtomicInteger();
        AccountStore counted = new AccountStore(counting(database.dataSource(), statements), 4);

        Optional<LoginRecord> alice = counted.forLogin("ALICE");
        assertThat(statements).as("one statement for the account and its macros").hasValue(1);
        assertThat(alice).map(LoginRecord::account).contains(new Account(a, "alice", null, null, 0, false));
        List<String> expected = new ArrayList<>(Account.DEFAULT_MACROS);
        expected.set(4, "Oops!");
        expected.set(8, "Later!");
        assertThat(alice.orElseThrow().chatMacros()).isEqualTo(expected);
        assertThat(alice.orElseThrow().toString()).doesNotContain(alice.orElseThrow().passwordHash());

        // bcrypt only: what the hashing pool runs touches no store
        assertThat(counted.passwordMatches(alice, PasswordForm.md5Hex("pw"))).isTrue();
        assertThat(counted.passwordMatches(alice, PasswordForm.md5Hex("px"))).isFalse();
        assertThat(counted.passwordMatches(Optional.empty(), PasswordForm.md5Hex("pw"))).isFalse();
        assertThat(statements).hasValue(1);

        // a player who changed no macro: one row, the defaults
        assertThat(counted.forLogin("bobby")).map(LoginRecord::chatMacros).contains(Account.DEFAULT_MACROS);
        assertThat(counted.forLogin("nobody")).isEmpty();
        assertThat(statements).hasValue(3);
    }
}
