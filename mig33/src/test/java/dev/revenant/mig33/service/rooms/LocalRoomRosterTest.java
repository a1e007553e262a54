package dev.revenant.mig33.service.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.service.Seat;
import dev.revenant.mig33.service.rooms.RoomRoster.Banned;
import dev.revenant.mig33.service.rooms.RoomRoster.Full;
import dev.revenant.mig33.service.rooms.RoomRoster.Participant;
import dev.revenant.mig33.service.rooms.RoomRoster.Seated;
import dev.revenant.mig33.service.rooms.RoomRoster.Vote;
import org.junit.jupiter.api.Test;

/**
 * The rules the rooms' live state keeps on its own, whichever node asks: capacity, bans, a takeover's seat,
 * the kick-vote majority, and that a session's rooms are known for when its connection ends.
 */
class LocalRoomRosterTest {
    private final RoomRoster roster = new LocalRoomRoster();
    private final Seat alice = new Seat("alice");
    private final Seat bob = new Seat("bob");
    private final Seat carol = new Seat("carol");

    @Test
    void seatsUpToTheCapacityAndSaysWhoIsBackAgain() {
        assertThat(roster.join("lobby", "alice", alice, 2, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(roster.join("lobby", "alice", alice, 2, 0, 1000)).isEqualTo(new Seated(true));
        assertThat(roster.join("lobby", "bob", bob, 2, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(roster.join("lobby", "carol", carol, 2, 0, 1000)).isInstanceOf(Full.class);
        assertThat(roster.participants("lobby")).containsExactly(new Participant("alice", false),
                new Participant("bob", false));
        assertThat(roster.size("lobby")).isEqualTo(2);
        assertThat(roster.roomsOf(alice)).containsExactly("lobby");
        assertThat(roster.roomsOf(carol)).isEmpty();
    }

    @Test
    void aTakeoverTakesTheOldSessionsSeatAndTheOldSessionCannotLeaveForIt() {
        roster.join("lobby", "alice", alice, 1, 0, 1000);
        Seat newer = new Seat("alice");
        // the room is full, but she is in it: her new session takes her seat
        assertThat(roster.join("lobby", "alice", newer, 1, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(roster.seated("lobby", "alice", newer)).isTrue();
        assertThat(roster.seated("lobby", "alice", alice)).isFalse();
        assertThat(roster.roomsOf(alice)).isEmpty();
        assertThat(roster.leave("lobby", "alice", alice)).isFalse();
        assertThat(roster.contains("lobby", "alice")).isTrue();
        assertThat(roster.leave("lobby", "alice", newer)).isTrue();
        assertThat(roster.contains("lobby", "alice")).isFalse();
        assertThat(roster.roomsOf(newer)).isEmpty();
    }

    @Test
    void aKickTakesTheUserOutAndKeepsThemOutUntilItEnds() {
        roster.join("lobby", "alice", alice, 10, 0, 1000);
        roster.join("lobby", "bob", bob, 10, 0, 1000);
        assertThat(roster.kick("lobby", "bob", 5000)).isSameAs(bob);
        assertThat(roster.contains("lobby", "bob")).isFalse();
        assertThat(roster.roomsOf(bob)).isEmpty();
        assertThat(roster.join("lobby", "bob", bob, 10, 0, 4999)).isEqualTo(new Banned(5000));
        assertThat(roster.join("lobby", "bob", bob, 10, 0, 5000)).isEqualTo(new Seated(false));
        // the store's ban counts too
        assertThat(roster.join("lobby", "carol", carol, 10, 9000, 5000)).isEqualTo(new Banned(9000));
    }

    @Test
    void aKickVoteCarriesWithMoreThanHalfOfTheOthersAndEachVoterCountsOnce() {
        for (Seat s : new Seat[] {alice, bob, carol, new Seat("dave"), new Seat("erin")}) {
            roster.join("lobby", s.user(), s, 10, 0, 1000);
        }
        // five in the room: the four others than the target need three votes
        assertThat(roster.vote("lobby", "alice", "erin")).isEqualTo(new Vote(1, 3));
        assertThat(roster.vote("lobby", "alice", "erin")).isNull();
        assertThat(roster.vote("lobby", "bob", "erin").carries()).isFalse();
        // a voter who leaves no longer counts
        roster.leave("lobby", "bob", bob);
        Vote third = roster.vote("lobby", "carol", "erin");
        assertThat(third).isEqualTo(new Vote(2, 2));
        assertThat(third.carries()).isTrue();
    }

    @Test
    void mutingIsPerRoomAndSaysWhetherItChangedAnything() {
        roster.join("lobby", "alice", alice, 10, 0, 1000);
        roster.join("beach", "alice", alice, 10, 0, 1000);
        assertThat(roster.mute("lobby", "alice", true)).isTrue();
        assertThat(roster.mute("lobby", "alice", true)).isFalse();
        assertThat(roster.muted("lobby", "alice")).isTrue();
        assertThat(roster.muted("beach", "alice")).isFalse();
        assertThat(roster.participants("lobby")).containsExactly(new Participant("alice", true));
        assertThat(roster.mute("lobby", "alice", false)).isTrue();
        assertThat(roster.mute("lobby", "alice", false)).isFalse();
        assertThat(roster.roomsOf(alice)).containsExactlyInAnyOrder("lobby", "beach");
    }

    @Test
    void theBusiestRoomsComeFirstAndATieGoesByKey() {
        roster.join("music", "alice", alice, 10, 0, 1000);
        roster.join("music", "bob", bob, 10, 0, 1000);
        roster.join("lobby", "carol", carol, 10, 0, 1000);
        roster.join("attic", "bob", bob, 10, 0, 1000);
        roster.join("empty", "alice", alice, 10, 0, 1000);
        roster.leave("empty", "alice", alice);
        assertThat(roster.busiest(10)).containsExactly("music", "attic", "lobby");
        assertThat(roster.busiest(2)).containsExactly("music", "attic");
    }

    @Test
    void aForgottenRoomTakesItsSeatsWithIt() {
        roster.join("lobby", "alice", alice, 10, 0, 1000);
        roster.join("beach", "alice", alice, 10, 0, 1000);
        roster.forget("lobby");
        assertThat(roster.size("lobby")).isZero();
        assertThat(roster.roomsOf(alice)).containsExactly("beach");
    }
}
