package dev.revenant.app.cli;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.mig33.Mig33Admin;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code revenant user|contact|group}: mig33 accounts and contact lists, whether or not the server runs (while
 * it runs, the server runs the command: see {@link RunningServer}).
 */
public final class UserCommand {
    private UserCommand() {}

    /** Opens the store the configuration names (or the running server's), runs one admin action, prints its answer. */
    static int run(ConfigOptions options, Function<Mig33Admin, String> action) {
        RevenantConfig config = options.config();
        try (Database db = options.openStore()) {
            Mig33Admin admin = new Mig33Admin(db, SecretBox.open(config.dataDir().resolve("secret.key")),
                    config.mig33().defaultGroupName());
            options.out().println(action.apply(admin));
            return 0;
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage mig33 users.",
            subcommands = {User.Add.class, User.Passwd.class, User.Del.class, User.List.class})
    public static final class User {
        @Command(name = "add", description = "Add a user.")
        static final class Add implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;
            @Mixin PasswordOptions password;
            @Option(names = "--mobile", paramLabel = "NUMBER", description = "Mobile number shown at login.") String mobile;
            @Option(names = "--display", paramLabel = "NAME", description = "Display name.") String display;

            public Integer call() {
                String pw = password.password(); // before the store: a forwarded command carries it
                return run(options, a -> a.addUser(name, pw, mobile, display));
            }
        }

        @Command(name = "passwd", description = "Set a user's password.")
        static final class Passwd implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;
            @Mixin PasswordOptions password;

            public Integer call() {
                String pw = password.password(); // before the store: a forwarded command carries it
                return run(options, a -> a.setPassword(name, pw));
            }
        }

        @Command(name = "del", description = "Delete a user, their contacts and stored messages.")
        static final class Del implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;

            public Integer call() {
                return run(options, a -> a.deleteUser(name));
            }
        }

        @Command(name = "list", description = "List the users.")
        static final class List implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;

            public Integer call() {
                return run(options, a -> String.join("\n", a.users()));
            }
        }
    }

    @Command(name = "contact", mixinStandardHelpOptions = true, description = "Manage contact lists.",
            subcommands = {Contact.Add.class})
    public static final class Contact {
        @Command(name = "add", description = "Add CONTACT to OWNER's list, accepted by both sides at once (no contact request).")
        static final class Add implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "CONTACT") String contact;
            @Option(names = "--group", paramLabel = "NAME", description = "Group (made if missing; default: the default group).") String group;
            @Option(names = "--display", paramLabel = "NAME", description = "Name OWNER sees.") String display;

            public Integer call() {
                return run(options, a -> a.addContact(owner, contact, group, display));
            }
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true, description = "Manage contact groups.",
            subcommands = {Group.Add.class, Group.Del.class})
    public static final class Group {
        @Command(name = "add", description = "Add a group to OWNER's list.")
        static final class Add implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "NAME") String name;

            public Integer call() {
                return run(options, a -> a.addGroup(owner, name));
            }
        }

        @Command(name = "del", description = "Delete a group; its contacts move to the default group.")
        static final class Del implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "NAME") String name;

            public Integer call() {
                return run(options, a -> a.deleteGroup(owner, name));
            }
        }
    }
}
