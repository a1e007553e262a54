package dev.revenant.mig33.session;

/** Presence values of spec §3/§7. */
public final class Presence {
    private Presence() {}

    public static final int AVAILABLE = 1;
    public static final int ROAMING = 2;
    public static final int BUSY = 3;
    public static final int AWAY = 4;
    public static final int OFFLINE = 99;

    public static boolean isValid(long p) {
        return (p >= AVAILABLE && p <= AWAY) || p == OFFLINE;
    }

    /** A login's initial presence: 0 or an unknown value means available (spec §3). */
    public static int atLogin(long requested) {
        return isValid(requested) ? (int) requested : AVAILABLE;
    }
}
