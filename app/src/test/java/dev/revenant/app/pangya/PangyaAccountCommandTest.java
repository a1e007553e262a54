package dev.revenant.app.pangya;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.Revenant;
import dev.revenant.app.StandardStreams;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.TestStores;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.store.AccountStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code revenant pangya account ...} as an operator types it, against a real store. */
class PangyaAccountCommandTest {
    @TempDir Path dir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();
    private final DatabaseConfig store = TestStores.fresh();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("pangya", "account"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", dir.toString(), "--set", "database.url=" + store.url()));
        streams.reset();
        return Revenant.execute(all.toArray(String[]::new));
    }

    @Test
    void addPasswdBanListDelAgainstTheStore() throws Exception {
        assertThat(run("add", "alice", "--password", "secret1")).isZero();
        assertThat(streams.out()).contains("account alice added (user id ");
        assertThat(run("add", "ALICE", "--password", "x")).isEqualTo(1);
        assertThat(streams.err()).contains("revenant: ");
        assertThat(run("add", "ALICE", "--password", "secret9")).isEqualTo(1);
        assertThat(streams.err()).contains("revenant: account ALICE already exists");
        assertThat(run("passwd", "alice", "--password", "secret2")).isZero();
        assertThat(run("ban", "alice")).isZero();
        assertThat(run("list")).isZero();
        assertThat(streams.out()).startsWith("ID").containsPattern("alice\\s+-\\s+-\\s+yes");
        assertThat(run("unban", "alice")).isZero();
        assertThat(run("ban", "nobody")).isEqualTo(1);
        assertThat(streams.err()).contains("revenant: no account nobody");
        try (Database db = Database.open(store, dir)) {
            var accounts = new AccountStore(db, AccountStore.DEFAULT_COST);
            assertThat(accounts.verify("alice", PasswordForm.md5Hex("secret2"))).hasValueSatisfying(a -> assertThat(a.banned()).isFalse());
            assertThat(accounts.verify("alice", PasswordForm.md5Hex("secret1"))).isEmpty();
        }

        assertThat(run("add", "tiger", "--password", "secret3")).isZero();
        assertThat(run("list", "--json")).isZero();
        JsonNode list = new ObjectMapper().readTree(streams.out());
        assertThat(list).extracting(n -> n.get("username").asText()).containsExactly("alice", "tiger");
        assertThat(list.get(0).get("banned").asBoolean()).isFalse();
        assertThat(list.get(0).get("nickname").isNull()).isTrue();

        assertThat(run("del", "tiger")).isZero();
        assertThat(streams.out()).contains("account tiger deleted");
        assertThat(run("del", "tiger")).isEqualTo(1);
        assertThat(streams.err()).contains("no account tiger");
        assertThat(run("list", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(streams.out())).hasSize(1);
    }
}
