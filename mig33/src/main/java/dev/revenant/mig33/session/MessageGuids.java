package dev.revenant.mig33.session;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The GUIDs that name messages (OK field 1, MESSAGE field 15): time-ordered, laid out as RFC 9562's
 * version 7 (48 bits of milliseconds, then random bits). A GUID names a message and guards nothing, so the
 * random part comes from the thread's own generator. Time-ordered, because a message kept for someone
 * away is a row in a table with a unique index on its GUID: new keys then land at the index's end, where
 * the last insert already was, instead of each touching (and, at the commit, writing) a random page of it.
 */
public final class MessageGuids {
    private MessageGuids() {}

    public static String next(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (r.nextInt() & 0x0FFF);
        long low = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
