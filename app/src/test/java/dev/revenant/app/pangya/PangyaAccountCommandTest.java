package dev.revenant.app.pangya;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.TestStores;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.store.AccountStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PangyaAccountCommandTest {
    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(DatabaseConfig store, String... args) {
        CommandLine cmd = new CommandLine(new PangyaAccountCommand(() -> Database.open(store, dir)));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void addPasswdBanListAgainstTheStore() {
        DatabaseConfig store = TestStores.fresh();
        assertThat(run(store, "add", "alice", "--password", "secret1")).isZero();
        assertThat(out.toString()).contains("added alice (user id ");
        assertThat(run(store, "add", "ALICE", "--password", "x")).isEqualTo(1);
        assertThat(err.toString()).contains("already exists");
        assertThat(run(store, "passwd", "alice", "--password", "secret2")).isZero();
        assertThat(run(store, "ban", "alice")).isZero();
        assertThat(run(store, "list")).isZero();
        assertThat(out.toString()).containsPattern("alice\\s+-\\s+-\\s+yes");
        assertThat(run(store, "unban", "alice")).isZero();
        assertThat(run(store, "ban", "nobody")).isEqualTo(1);
        try (Database db = Database.open(store, dir)) {
            var accounts = new AccountStore(db, AccountStore.DEFAULT_COST);
            assertThat(accounts.verify("alice", PasswordForm.md5Hex("secret2"))).hasValueSatisfying(a -> assertThat(a.banned()).isFalse());
            assertThat(accounts.verify("alice", PasswordForm.md5Hex("secret1"))).isEmpty();
        }
    }
}
