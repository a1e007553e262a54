package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A packet's fields as its builder and the codec leave them. */
class PacketTest {
    @Test
    void aFieldAddedAfterBuildingChangesNothingBuilt() {
        Packet.Builder b = Packet.of(PacketType.CONTACT, 7).string(1, "bob").int8(2, 1);
        Packet first = b.build();
        Packet second = b.string(3, "later").build();

        assertThat(first.fields()).extracting(Packet.Field::id).containsExactly(1, 2);
        assertThat(first.has(3)).isFalse();
        assertThat(first.contentLength()).isEqualTo(6 + 3 + 6 + 1);
        assertThat(second.fields()).extracting(Packet.Field::id).containsExactly(1, 2, 3);
        assertThat(second.string(3)).isEqualTo("later");
    }

    @Test
    void manyFieldsKeepTheirOrderAndTheFirstOfARepeatedIdCounts() {
        Packet.Builder b = Packet.of(PacketType.CONTACT, 1);
        for (int id = 1; id <= 20; id++) {
            b.int16(id, id * 100);
        }
        b.int16(5, 1); // repeated: the first one counts, as on the wire
        Packet p = b.build();

        assertThat(p.fields()).hasSize(21);
        assertThat(p.fields().get(20).id()).isEqualTo(5);
        assertThat(p.integer(5, 0)).isEqualTo(500);
        assertThat(p.integer(20, 0)).isEqualTo(2000);
        Packet read = new Packet(p.type(), p.txn(), List.copyOf(p.fields()));
        assertThat(read.fields()).usingRecursiveFieldByFieldElementComparator().isEqualTo(p.fields());
        assertThat(read.contentLength()).isEqualTo(p.contentLength());
    }

    @Test
    void stringsAreWrittenInUtf8AndNumbersReadBackAtEveryWidth() {
        String wide = "привет, 世界 " + "x".repeat(300);
        Packet p = Packet.of(PacketType.MESSAGE, 3, 1).string(1, "plain").string(2, wide).int8(3, 200).int16(4, -2)
                .int32(5, -70_000).int64(6, -5_000_000_000L).bytes(7, new byte[] {1, 2, 3}).build();

        assertThat(p.string(1)).isEqualTo("plain");
        assertThat(p.string(2)).isEqualTo(wide);
        assertThat(p.raw(2)).isEqualTo(wide.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(p.number(3, 0)).isEqualTo(200);
        assertThat(p.number(4, 0)).isEqualTo(-2);
        assertThat(p.number(5, 0)).isEqualTo(-70_000);
        assertThat(p.number(6, 0)).isEqualTo(-5_000_000_000L);
        assertThat(p.raw(7)).containsExactly(1, 2, 3);
        assertThat(p.raw(8)).isNull();
        assertThat(p.contentLength()).isEqualTo(7 * 6 + 5 + wide.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + 1 + 2 + 4 + 8 + 3);
    }
}
