package dev.revenant.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.store.AccountStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords given as {@code --password PW} show up in {@code ps} and the shell history. With no value the
 * admin commands ask twice without echo on a terminal, or read {@code --password-file FILE} or
 * {@code --password-stdin}; a command the running server runs carries the password its {@code revenant}
 * read. Each command runs in a JVM of its own, as an operator runs it.
 */
class PasswordsStayOffTheCommandLineTest {
    @TempDir Path dataDir;
    @TempDir Path secrets;

    private String[] withStore(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        all[args.length + 2] = "--set";
        all[args.length + 3] = "database.url=";
        return all;
    }

    private static boolean mig33LogsIn(RevenantServer server, String user, String password) {
        try (Mig33Client c = Mig33Client.connect(server.mig33Addresses().get(0))) {
            return c.login(user, password).type() == PacketType.LOGIN_OK;
        }
    }

    @Test
    void withoutAPasswordOnTheCommandLineTheCommandsAskTwiceOnATerminal() throws Exception {
        RevenantProcess.Result bob = RevenantProcess.runOnTerminal("Typed2xSecret\nTyped2xSecret\n",
                withStore("user", "add", "bob"));
        assertThat(bob.exitCode()).as(bob.all()).isZero();
        assertThat(bob.all()).contains("Password: ").contains("Password again: ").contains("user bob added");

        RevenantProcess.Result typo = RevenantProcess.runOnTerminal("Typed2xSecret\nTyped2xSecreT\n",
                withStore("user", "add", "carol"));
        assertThat(typo.exitCode()).as(typo.all()).isNotZero();
        assertThat(typo.all()).contains("the passwords do not match").doesNotContain("user carol added");

        RevenantProcess.Result tiger = RevenantProcess.runOnTerminal("Birdie2xTyped\nBirdie2xTyped\n",
                withStore("pangya", "account", "passwd", "tiger", "--password"));
        assertThat(tiger.all()).as("asked twice, then the account is looked up").contains("Password again: ");

        RevenantProcess.Result eagle = RevenantProcess.runOnTerminal("Eagle2xTyped\nEagle2xTyped\n",
                withStore("pangya", "account", "add", "eagle"));
        assertThat(eagle.exitCode()).as(eagle.all()).isZero();
        assertThat(eagle.all()).contains("Password again: ").contains("account eagle added");

        try (Database db = Database.open(DatabaseConfig.embedded(), dataDir)) {
            assertThat(new AccountStore(db, 4).verify("eagle", PasswordForm.md5Hex("Eagle2xTyped"))).isPresent();
        }
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("database.url", "", "pangya.enabled", "false"));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            assertThat(mig33LogsIn(server, "bob", "Typed2xSecret")).isTrue();
        }
    }

    @Test
    void aPasswordFileOrStandardInputKeepsItOffTheCommandLineAlsoWhenTheServerRunsTheCommand() throws Exception {
        Path file = secrets.resolve("password.txt");
        Files.writeString(file, "FromAFile9\n");
        RevenantConfig config = LocalConfig.of(dataDir, Map.of("database.url", "", "pangya.enabled", "false"));
        try (RevenantServer server = new RevenantServer(config)) {
            server.start();
            // the server holds the store: the command line it gets carries the password read here
            RevenantProcess.Result dave = RevenantProcess.run(null, withStore("user", "add", "dave", "--password-file",
                    file.toString()));
            assertThat(dave.exitCode()).as(dave.all()).isZero();
            assertThat(dave.err()).contains("the command runs there");
            assertThat(mig33LogsIn(server, "dave", "FromAFile9")).isTrue();

            RevenantProcess.Result erin = RevenantProcess.run("FromStdin77\n", withStore("user", "add", "erin",
                    "--password-stdin"));
            assertThat(erin.exitCode()).as(erin.all()).isZero();
            assertThat(mig33LogsIn(server, "erin", "FromStdin77")).isTrue();

            RevenantProcess.Result passwd = RevenantProcess.run("Changed88\n", withStore("user", "passwd", "erin",
                    "--password-stdin"));
            assertThat(passwd.exitCode()).as(passwd.all()).isZero();
            assertThat(mig33LogsIn(server, "erin", "Changed88")).isTrue();

            // scripts may still give it inline (visible in ps: the README says so)
            RevenantProcess.Result inline = RevenantProcess.run(null, withStore("user", "add", "fay", "--password=Inline555"));
            assertThat(inline.exitCode()).as(inline.all()).isZero();
            assertThat(mig33LogsIn(server, "fay", "Inline555")).isTrue();

            RevenantProcess.Result both = RevenantProcess.run(null, withStore("user", "add", "gil", "--password=x1234567",
                    "--password-file", file.toString()));
            assertThat(both.exitCode()).isNotZero();
            assertThat(both.err()).contains("give the password one way");
            assertThat(dave.all() + erin.all() + passwd.all()).doesNotContain("FromAFile9", "FromStdin77", "Changed88");
        }
        // with no server, the command reads the file itself
        RevenantProcess.Result direct = RevenantProcess.run(null, withStore("pangya", "account", "add", "hawk",
                "--password-file", file.toString()));
        assertThat(direct.exitCode()).as(direct.all()).isZero();
        try (Database db = Database.open(DatabaseConfig.embedded(), dataDir)) {
            assertThat(new AccountStore(db, 4).verify("hawk", PasswordForm.md5Hex("FromAFile9"))).isPresent();
        }
    }
}
