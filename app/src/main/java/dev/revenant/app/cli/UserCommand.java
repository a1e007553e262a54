package dev.revenant.app.cli;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.mig33.Mig33Admin;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revenant user|contact|group}: mig33 accounts and contact lists, whether or not the server runs (while
 * it runs, the server runs the command: see {@link RunningServer}). A refusal is an
 * {@link IllegalArgumentException} that {@code revenant} prints as one line, exit code 1.
 */
public final class UserCommand {
    private UserCommand() {}

    /** Opens the store the configuration names (or the running server's), runs one admin action, prints its answer. */
    static int run(ConfigOptions options, Function<Mig33Admin, String> action) {
        return withAdmin(options, admin -> {
            options.out().println(action.apply(admin));
            return 0;
        });
    }

    /** Like {@link #run}, for a list: its rows printed as {@link Listing} prints them. */
    static int list(ConfigOptions options, Listing listing, Function<Mig33Admin, java.util.List<?>> rows) {
        return withAdmin(options, admin -> {
            listing.print(options.out(), rows.apply(admin));
            return 0;
        });
    }

    private static int withAdmin(ConfigOptions options, Function<Mig33Admin, Integer> action) {
        RevenantConfig config = options.config();
        try (Database db = options.openStore()) {
            return action.apply(new Mig33Admin(db, SecretBox.open(config.dataDir().resolve("secret.key")),
                    config.mig33().defaultGroupName(), options.sessions()));
        }
    }

    @Command(name = "user", description = "Manage mig33 users.",
            subcommands = {User.Add.class, User.Passwd.class, User.Del.class, User.Ban.class, User.Unban.class,
                    User.List.class})
    public static final class User {
        @Command(name = "add", description = "Add a user. The password follows the rules phones register under"
                + " (6-32 characters, letters and digits, not containing the username) unless --force.")
        static final class Add implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;
            @Mixin PasswordOptions password;
            @Option(names = "--mobile", paramLabel = "NUMBER", description = "Mobile number shown at login.") String mobile;
            @Option(names = "--display", paramLabel = "NAME", description = "Display name.") String display;
            @Option(names = "--force", description = "Accept a password the rules refuse.") boolean force;

            public Integer call() {
                String pw = password.password(); // before the store: a forwarded command carries it
                return run(options, a -> a.addUser(name, pw, mobile, display, force));
            }
        }

        @Command(name = "passwd", description = "Set a user's password (the rules of user add apply unless --force).")
        static final class Passwd implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;
            @Mixin PasswordOptions password;
            @Option(names = "--force", description = "Accept a password the rules refuse.") boolean force;

            public Integer call() {
                String pw = password.password(); // before the store: a forwarded command carries it
                return run(options, a -> a.setPassword(name, pw, force));
            }
        }

        @Command(name = "del", description = "Delete a user with their contacts and waiting messages; a session they"
                + " have ends. A user who owns rooms is deleted only with --force, which deletes those rooms too.")
        static final class Del implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;
            @Option(names = "--force", description = "Also delete the rooms the user owns.") boolean force;
            @Spec CommandSpec spec;

            public Integer call() throws java.io.IOException, InterruptedException {
                // only the running server can end the user's session
                java.util.Optional<Integer> there = RunningServer.handOverForSessions(options, spec);
                return there.isPresent() ? there.get() : run(options, a -> a.deleteUser(name, force));
            }
        }

        @Command(name = "ban", description = "Ban a user: their session ends and their logins get the original's"
                + " answer for a suspended account, until the ban runs out or is lifted.")
        static final class Ban implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;
            @Option(names = "--reason", required = true, description = "Why (kept with the ban, shown in the console).")
            String reason;
            @Option(names = "--for", paramLabel = "DURATION", description = "How long: 30m, 12h, 7d (default: until lifted).")
            String duration;
            @Spec CommandSpec spec;

            public Integer call() throws java.io.IOException, InterruptedException {
                java.time.Duration d = duration == null ? null : dev.revenant.core.config.HumanDuration.parse(duration)
                        .orElseThrow(() -> new UsageException("--for must be a duration such as 30m, 12h or 7d, not " + duration));
                // only the running server can end the user's session
                java.util.Optional<Integer> there = RunningServer.handOverForSessions(options, spec);
                return there.isPresent() ? there.get()
                        : run(options, a -> a.banUser(name, reason, d, "cli:" + System.getProperty("user.name", "?")));
            }
        }

        @Command(name = "unban", description = "Lift a user's ban.")
        static final class Unban implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "NAME") String name;

            public Integer call() {
                return run(options, a -> a.unbanUser(name));
            }
        }

        @Command(name = "list", description = "List the users (ONLINE is known only while the server runs).")
        static final class List implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Mixin Listing listing;

            public Integer call() {
                return list(options, listing, Mig33Admin::users);
            }
        }
    }

    @Command(name = "contact", description = "Manage contact lists.",
            subcommands = {Contact.Add.class, Contact.ListContacts.class, Contact.Del.class, Contact.Move.class})
    public static final class Contact {
        @Command(name = "add", description = "Add CONTACT to OWNER's list, accepted by both sides at once (no contact request).")
        static final class Add implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "CONTACT") String contact;
            @Option(names = "--group", paramLabel = "NAME", description = "Group (made if missing, and said so; default: the default group).") String group;
            @Option(names = "--display", paramLabel = "NAME", description = "Name OWNER sees.") String display;

            public Integer call() {
                return run(options, a -> a.addContact(owner, contact, group, display));
            }
        }

        @Command(name = "list", description = "List OWNER's contacts with their groups.")
        static final class ListContacts implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "OWNER") String owner;
            @Mixin Listing listing;

            public Integer call() {
                return list(options, listing, a -> a.contacts(owner));
            }
        }

        @Command(name = "del", description = "Take CONTACT off OWNER's list (CONTACT's own list stays).")
        static final class Del implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "CONTACT") String contact;

            public Integer call() {
                return run(options, a -> a.deleteContact(owner, contact));
            }
        }

        @Command(name = "move", description = "Move CONTACT to another of OWNER's groups (it must exist).")
        static final class Move implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "CONTACT") String contact;
            @Parameters(index = "2", paramLabel = "GROUP") String group;

            public Integer call() {
                return run(options, a -> a.moveContact(owner, contact, group));
            }
        }
    }

    @Command(name = "group", description = "Manage contact groups.",
            subcommands = {Group.Add.class, Group.Del.class, Group.ListGroups.class, Group.Rename.class})
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

        @Command(name = "list", description = "List OWNER's groups with how many contacts each holds.")
        static final class ListGroups implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(paramLabel = "OWNER") String owner;
            @Mixin Listing listing;

            public Integer call() {
                return list(options, listing, a -> a.groups(owner));
            }
        }

        @Command(name = "rename", description = "Rename one of OWNER's groups.")
        static final class Rename implements java.util.concurrent.Callable<Integer> {
            @Mixin ConfigOptions options;
            @Parameters(index = "0", paramLabel = "OWNER") String owner;
            @Parameters(index = "1", paramLabel = "NAME") String name;
            @Parameters(index = "2", paramLabel = "NEW_NAME") String newName;

            public Integer call() {
                return run(options, a -> a.renameGroup(owner, name, newName));
            }
        }
    }
}
