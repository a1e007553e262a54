package dev.revenant.mig33.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.session.Delivery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed pushes: what one session hands another through the bus, and back. */
class PushesTest {
    static List<Push> everyPush() {
        return List.of(
                new Push.PrivateText(1, "alice", "bob", "hi", "guid-1", 1_700_000_000_000L),
                new Push.Presence("alice", 2),
                new Push.StatusMessage("alice", "golfing", 1_700_000_000_001L),
                new Push.DisplayPicture("alice", "http://a.example/files/T", 1_700_000_000_002L),
                new Push.ContactRequest("carol"),
                new Push.Follow("alice", 7, "golfing", 11L, null, 0L),
                new Push.Hide("alice", 7),
                new Push.Alert("Maintenance", "Back at six"),
                new Push.FileReceived("alice", "http://a.example/view/T", "alice sent you a picture (2 KB)"),
                new Push.GroupChatInvited("g1", "alice", 1),
                new Push.GroupChatStatus("g1", 2, "bob"),
                new Push.GroupChatText("alice", "g1", "hi all", "guid-2", 1_700_000_000_003L),
                new Push.RoomLine("Tennis", "alice", "hi room", "alice", "guid-3", 1_700_000_000_004L),
                new Push.RoomLine("Tennis", "Tennis", "bob has entered", null, null, 0L),
                new Push.RoomKicked("tennis", "troll"),
                new Push.ClientReport("alice", 420, 1, "127.0.0.1:4000", 1_700_000_000_005L, "NullPointerException"));
    }

    @Test
    void everyPushReadsBackFromWhatTheBusCarries() {
        for (Push sent : everyPush()) {
            Delivery carried = sent.toDelivery();
            // the bus may cross nodes: only the kind and string fields travel
            Delivery copied = new Delivery(carried.kind(), new HashMap<>(carried.fields()));
            assertThat(Pushes.fromDelivery(copied)).isEqualTo(sent);
        }
    }

    @Test
    void aPushThatStaysOnThisNodeIsTakenBackAsItWasWithNoFieldsMade() {
        for (Push sent : everyPush()) {
            assertThat(Pushes.fromDelivery(sent.toDelivery())).isSameAs(sent);
        }
    }

    @Test
    void everyKindOfPushIsCoveredAndHasItsOwnKind() {
        Set<Class<?>> sampled = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (Push p : everyPush()) {
            sampled.add(p.getClass());
            kinds.add(p.toDelivery().kind());
        }
        assertThat(sampled).containsExactlyInAnyOrder(Push.class.getPermittedSubclasses());
        assertThat(kinds).hasSize(Push.class.getPermittedSubclasses().length);
    }

    @Test
    void aDeliveryOfAnotherKindIsNoPush() {
        assertThat(Pushes.fromDelivery(Delivery.of("pangya.something", "user", "alice"))).isNull();
    }

    @Test
    void aRoomsOwnLineIsNotAUsersLine() {
        assertThat(new Push.RoomLine("Tennis", "Tennis", "bob has entered", null, null, 0L).fromUser()).isFalse();
        assertThat(new Push.RoomLine("Tennis", "alice", "hi", null, "guid", 1L).fromUser()).isTrue();
    }
}
