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
}
