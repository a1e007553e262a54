package dev.revenant.pangya;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.revenant.pangya.codec.ServerEntry;

/**
 * A game or message server as configured (spec §6). Zero leaves a number at its default: max users 2000;
 * the other numbers are shown to the client as they are.
 *
 * @param flags 0x10 hidden, 0x80 sort first, 0x800 Grand Prix skin, …
 * @param boosts 0x1/0x2 double pang, 0x4 double exp, 0x8 angel, 0x10 triple exp, 0x80 club mastery
 */
public record ServerListing(String name, long id, String address, int port, long maxUsers, long flags, long angelicWings,
                            int boosts, int eventMap, int appRate, int icon) {

    public ServerListing {
        name = name == null ? "" : name;
        address = address == null || address.isBlank() ? "127.0.0.1" : address;
        if (maxUsers <= 0) {
            maxUsers = 2000;
        }
        if (port <= 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("server " + name + ": port must be 1..65535");
        }
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            // the client reads a dotted IPv4 text of at most 17 characters
            throw new IllegalArgumentException("server " + name + ": address must be a dotted IPv4 address, not " + address);
        }
    }

    /**
     * The configuration's way in: an operator lists name, id, address and port, and may leave the other
     * numbers out (they then take 0, max users 2000) instead of writing every one of them.
     */
    @JsonCreator
    public static ServerListing configured(@JsonProperty("name") String name, @JsonProperty("id") long id,
            @JsonProperty("address") String address, @JsonProperty("port") int port,
            @JsonProperty("maxUsers") Long maxUsers, @JsonProperty("flags") Long flags,
            @JsonProperty("angelicWings") Long angelicWings, @JsonProperty("boosts") Integer boosts,
            @JsonProperty("eventMap") Integer eventMap, @JsonProperty("appRate") Integer appRate,
            @JsonProperty("icon") Integer icon) {
        return new ServerListing(name, id, address, port, orZero(maxUsers), orZero(flags), orZero(angelicWings),
                (int) orZero(boosts), (int) orZero(eventMap), (int) orZero(appRate), (int) orZero(icon));
    }

    private static long orZero(Number n) {
        return n == null ? 0 : n.longValue();
    }

    /** A plain listing: name, id, address, port. */
    public static ServerListing of(String name, long id, String address, int port) {
        return new ServerListing(name, id, address, port, 0, 0, 0, 0, 0, 0, 0);
    }

    public ServerEntry toEntry() {
        // current users: the LoginService does not know a game server's load, so the list shows 0
        return new ServerEntry(name, id, maxUsers, 0, address, port, flags, angelicWings, boosts, eventMap, appRate, icon);
    }
}
