package dev.revenant.app.pangya;

import dev.revenant.app.cli.Listing;
import dev.revenant.app.cli.PasswordOptions;
import dev.revenant.core.store.Database;
import dev.revenant.pangya.store.AccountAdmin;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revenant pangya account add|passwd|del|ban|unban|list}: the operator's PangYa account commands over
 * {@link AccountAdmin}. The app registers an instance with a way to open its store, e.g.
 * {@code pangya.addSubcommand(new CommandLine(new PangyaAccountCommand(() -> Database.open(cfg, dataDir))))}.
 * A password comes as {@link PasswordOptions} take it: asked for twice without echo when no value is given,
 * or read from a file or standard input, so that it stays out of the shell history and the process list.
 * A refusal ({@link IllegalArgumentException}) is printed by {@code revenant} as one line, exit code 1.
 */
@Command(name = "account", description = "Manage PangYa LoginService accounts.")
public final class PangyaAccountCommand {
    private final Supplier<Database> database;

    @Spec
    CommandSpec spec;

    public PangyaAccountCommand(Supplier<Database> database) {
        this.database = database;
    }

    @Command(name = "add", description = "Add an account; its nickname and character are chosen at first login.")
    int add(@Parameters(paramLabel = "NAME") String name, @Mixin PasswordOptions password) {
        String pw = password.password(); // before the store: a forwarded command carries it
        return run(admin -> {
            long id = admin.add(name, pw);
            out().printf("account %s added (user id %d)%n", name, id);
        });
    }

    @Command(name = "passwd", description = "Set an account's password.")
    int passwd(@Parameters(paramLabel = "NAME") String name, @Mixin PasswordOptions password) {
        String pw = password.password(); // before the store: a forwarded command carries it
        return run(admin -> {
            admin.passwd(name, pw);
            out().printf("password of %s changed%n", name);
        });
    }

    @Command(name = "ban", description = "Ban an account (or lift the ban with --lift).")
    int ban(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--lift", description = "Lift the ban instead.") boolean lift) {
        return run(admin -> {
            if (lift) {
                admin.unban(name);
                out().printf("account %s may log in again%n", name);
            } else {
                admin.ban(name);
                out().printf("account %s banned%n", name);
            }
        });
    }

    @Command(name = "unban", description = "Lift an account's ban.")
    int unban(@Parameters(paramLabel = "NAME") String name) {
        return ban(name, true);
    }

    @Command(name = "del", description = "Delete an account with its chat macros.")
    int del(@Parameters(paramLabel = "NAME") String name) {
        return run(admin -> {
            admin.delete(name);
            out().printf("account %s deleted%n", name);
        });
    }

    /** One row of {@code pangya account list}. */
    record AccountRow(long id, String username, String nickname, String character, boolean banned, String created) {}

    @Command(name = "list", description = "List the accounts.")
    int list(@Mixin Listing listing) {
        return run(admin -> listing.print(out(), admin.list().stream().map(row -> {
            var a = row.account();
            return new AccountRow(a.id(), a.username(), a.nickname(),
                    a.characterType() == null ? null : String.format("0x%08X", a.characterType()), a.banned(), row.created());
        }).toList()));
    }

    private interface Action {
        void run(AccountAdmin admin);
    }

    /** Opens the store for one command. */
    private int run(Action action) {
        try (Database db = database.get()) {
            action.run(new AccountAdmin(db));
            return 0;
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
