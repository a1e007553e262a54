package dev.revenant.app.cli;

import dev.revenant.app.config.RevenantConfig;
import dev.revenant.mig33.Mig33Admin;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code revenant room add|edit|del|list}: mig33 chat rooms, whether or not the server runs. */
@Command(name = "room", description = "Manage mig33 chat rooms.",
        subcommands = {RoomCommand.Add.class, RoomCommand.Edit.class, RoomCommand.Del.class, RoomCommand.ListRooms.class})
public final class RoomCommand {

    @Command(name = "add", description = "Add a room (an official room unless --owner names a user).")
    static final class Add implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--description", paramLabel = "TEXT") String description;
        @Option(names = "--capacity", paramLabel = "N", description = "Participants at most (default: mig33.roomCapacity).")
        Integer capacity;
        @Option(names = "--owner", paramLabel = "USER", description = "The user who owns the room.") String owner;
        @Option(names = "--admin", paramLabel = "USER", description = "An administrator (repeatable).")
        List<String> admins = new ArrayList<>();
        @Option(names = "--language", paramLabel = "TAG") String language;
        @Option(names = "--keywords", paramLabel = "WORDS", description = "Words a room search also matches.") String keywords;
        @Option(names = "--adult", description = "Adults only.") boolean adult;
        @Option(names = "--no-kicking", description = "Participants may not vote to kick (administrators still kick).")
        boolean noKicking;

        public Integer call() {
            RevenantConfig config = options.config();
            int cap = capacity == null ? config.mig33().roomCapacity() : capacity;
            return UserCommand.run(options, a -> a.addRoom(new Mig33Admin.RoomSpec(name, description, cap, owner, admins,
                    language, adult, !noKicking, keywords)));
        }
    }

    @Command(name = "edit", description = "Change a room: only what is given changes. Its name and owner stay;"
            + " people in it see the change from the next join.")
    static final class Edit implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--description", paramLabel = "TEXT") String description;
        @Option(names = "--capacity", paramLabel = "N", description = "Participants at most.") Integer capacity;
        @Option(names = "--keywords", paramLabel = "WORDS", description = "Words a room search also matches.") String keywords;
        @Option(names = "--language", paramLabel = "TAG") String language;
        @Option(names = "--adult", negatable = true, description = "Adults only (--no-adult: for everyone).") Boolean adult;
        @Option(names = "--kicking", negatable = true,
                description = "Participants may vote to kick (--no-kicking: only administrators kick).") Boolean kicking;
        @Option(names = "--add-admin", paramLabel = "USER", description = "Make USER an administrator (repeatable).")
        List<String> addAdmins = new ArrayList<>();
        @Option(names = "--remove-admin", paramLabel = "USER", description = "USER is an administrator no more (repeatable).")
        List<String> removeAdmins = new ArrayList<>();

        public Integer call() {
            return UserCommand.run(options, a -> a.editRoom(name, new Mig33Admin.RoomChange(description, capacity, language,
                    adult, kicking, keywords, addAdmins, removeAdmins)));
        }
    }

    @Command(name = "del", description = "Delete a room, its favourites and bans.")
    static final class Del implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "NAME") String name;

        public Integer call() {
            return UserCommand.run(options, a -> a.deleteRoom(name));
        }
    }

    @Command(name = "list", description = "List the rooms (OWNER - : an official room).")
    static final class ListRooms implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Mixin Listing listing;

        public Integer call() {
            return UserCommand.list(options, listing, Mig33Admin::rooms);
        }
    }
}
