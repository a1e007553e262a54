package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Message GUIDs: UUIDs of version 7, ordered by their time as strings (the store's unique index), and unique. */
class MessageGuidsTest {
    @Test
    void aLaterMillisecondSortsAfterAsTextAndEachIsAVersion7Uuid() {
        long t = 1_765_000_000_000L;
        String earlier = MessageGuids.next(t);
        String later = MessageGuids.next(t + 1);
        assertThat(later).isGreaterThan(earlier);
        assertThat(MessageGuids.next(t + 86_400_000L)).isGreaterThan(later);
        UUID u = UUID.fromString(earlier);
        assertThat(u.version()).isEqualTo(7);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(u.getMostSignificantBits() >>> 16).isEqualTo(t);
        assertThat(u.toString()).isEqualTo(earlier);
    }

    @Test
    void manyInOneMillisecondAreAllDifferent() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(MessageGuids.next(42L))).isTrue();
        }
    }
}
