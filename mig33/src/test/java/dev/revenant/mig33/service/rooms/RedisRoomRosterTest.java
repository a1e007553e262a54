package dev.revenant.mig33.service.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.cluster.ClusterConfig;
import dev.revenant.cluster.RedisNode;
import dev.revenant.cluster.RedisSessionRegistry;
import dev.revenant.cluster.testing.TwoNodes;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.mig33.service.Seat;
import dev.revenant.mig33.service.rooms.RoomRoster.Banned;
import dev.revenant.mig33.service.rooms.RoomRoster.Full;
import dev.revenant.mig33.service.rooms.RoomRoster.Participant;
import dev.revenant.mig33.service.rooms.RoomRoster.Seated;
import dev.revenant.mig33.service.rooms.RoomRoster.Vote;
import io.lettuce.core.ScanArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rooms' live state on the test Redis, seen from two nodes: the rules {@link LocalRoomRosterTest} holds
 * one node to, with the participants spread over both, and what only several nodes have: a seat on the other
 * node counts, is kicked and taken over from here, and a seat whose session died with its node stops counting
 * and is told once.
 */
class RedisRoomRosterTest {
    private TwoNodes nodes;
    private ClusterConfig config;
    private RedisNode nodeA;
    private RedisNode nodeB;
    private RedisSessionRegistry registryA;
    private RedisSessionRegistry registryB;
    private RedisRoomRoster a;
    private RedisRoomRoster b;
    /** What the rosters said was vacated, as "room:user", in order. */
    private final List<String> vacated = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void twoNodes() {
        nodes = TwoNodes.start();
        config = nodes.config;
        nodeA = nodes.nodeA;
        nodeB = nodes.nodeB;
        registryA = nodes.registryA();
        registryB = nodes.registryB();
        // the nodes' timers hand their sweeps to nothing: a test sweeps when it means to
        a = new RedisRoomRoster(nodeA, registryA, task -> { });
        b = new RedisRoomRoster(nodeB, registryB, task -> { });
        a.onVacated((room, user) -> vacated.add(room + ":" + user));
        b.onVacated((room, user) -> vacated.add(room + ":" + user));
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** A logged-in session of {@code user} on the node of {@code registry}. */
    private static Seat on(RedisSessionRegistry registry, String user) {
        Seat s = new Seat(user);
        registry.claim(s);
        return s;
    }

    /**
     * Node A dies without a word: its timer no longer renews its users' directory entries, and then they
     * expire (here: are deleted, as their time to live would).
     */
    private void nodeADies(String... itsUsers) {
        nodes.killA();
        for (String user : itsUsers) {
            nodeB.sync().del(registryB.entryPrefix("mig33") + user);
        }
    }

    // ---- the rules, with the participants on both nodes ----

    @Test
    void seatsUpToTheCapacityOfBothNodesAndSaysWhoIsBackAgain() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        Seat carol = on(registryA, "carol");
        assertThat(a.join("lobby", "alice", alice, 2, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(a.join("lobby", "alice", alice, 2, 0, 1000)).isEqualTo(new Seated(true));
        assertThat(b.join("lobby", "bob", bob, 2, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(a.join("lobby", "carol", carol, 2, 0, 1000)).as("bob's seat on node B counts on A")
                .isInstanceOf(Full.class);
        assertThat(a.participants("lobby")).containsExactly(new Participant("alice", false),
                new Participant("bob", false));
        assertThat(b.participants("lobby")).isEqualTo(a.participants("lobby"));
        assertThat(a.size("lobby")).isEqualTo(2);
        assertThat(b.size("lobby")).isEqualTo(2);
        assertThat(a.roomsOf(alice)).containsExactly("lobby");
        assertThat(a.roomsOf(carol)).isEmpty();
        assertThat(b.seated("lobby", "bob", bob)).isTrue();
        assertThat(a.seat("lobby", "bob").attribute("node")).as("bob's session, on his node").isEqualTo(nodeB.id());
        assertThat(b.seat("lobby", "bob")).isSameAs(bob);
        assertThat(vacated).isEmpty();
    }

    @Test
    void aTakeoverOnAnotherNodeTakesTheOldSessionsSeatAndTheOldSessionCannotLeaveForIt() {
        Seat alice = on(registryA, "alice");
        a.join("lobby", "alice", alice, 1, 0, 1000);
        Seat newer = on(registryB, "alice"); // she logs in again, on node B
        // the room is full, but she is in it: her new session takes her seat
        assertThat(b.join("lobby", "alice", newer, 1, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(b.seated("lobby", "alice", newer)).isTrue();
        assertThat(a.seated("lobby", "alice", alice)).isFalse();
        // her old session no longer holds her in the directory, yet its node still knows its rooms
        assertThat(a.roomsOf(alice)).isEmpty();
        assertThat(a.leave("lobby", "alice", alice)).isFalse();
        assertThat(a.contains("lobby", "alice")).isTrue();
        assertThat(b.leave("lobby", "alice", newer)).isTrue();
        assertThat(a.contains("lobby", "alice")).isFalse();
        assertThat(b.roomsOf(newer)).isEmpty();
        assertThat(vacated).isEmpty();
    }

    @Test
    void aKickFromEitherNodeTakesTheUserOutAndKeepsThemOutUntilItEnds() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        Seat carol = on(registryA, "carol");
        a.join("lobby", "alice", alice, 10, 0, 1000);
        b.join("lobby", "bob", bob, 10, 0, 1000);
        a.join("lobby", "carol", carol, 10, 0, 1000);
        SessionHandle kicked = a.kick("lobby", "bob", 5000);
        assertThat(kicked.user()).isEqualTo("bob");
        assertThat(kicked.attribute("node")).as("the session on node B, which a delivery reaches").isEqualTo(nodeB.id());
        assertThat(b.kick("lobby", "carol", 5000).attribute("node")).isEqualTo(nodeA.id());
        assertThat(a.kick("lobby", "alice", 5000)).as("a session of the asking node is itself").isSameAs(alice);
        assertThat(a.kick("lobby", "nobody", 5000)).isNull();
        assertThat(b.contains("lobby", "bob")).isFalse();
        assertThat(b.roomsOf(bob)).isEmpty();
        assertThat(b.join("lobby", "bob", bob, 10, 0, 4999)).isEqualTo(new Banned(5000));
        assertThat(b.join("lobby", "bob", bob, 10, 0, 5000)).isEqualTo(new Seated(false));
        // the store's ban counts too
        Seat dave = on(registryA, "dave");
        assertThat(a.join("lobby", "dave", dave, 10, 9000, 5000)).isEqualTo(new Banned(9000));
    }

    @Test
    void aKickVoteCarriesWithMoreThanHalfOfTheOthersAndEachVoterCountsOnce() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        Seat carol = on(registryA, "carol");
        Seat dave = on(registryB, "dave");
        Seat erin = on(registryA, "erin");
        for (Seat s : new Seat[] {alice, carol, erin}) {
            a.join("lobby", s.user(), s, 10, 0, 1000);
        }
        for (Seat s : new Seat[] {bob, dave}) {
            b.join("lobby", s.user(), s, 10, 0, 1000);
        }
        // five in the room: the four others than the target need three votes
        assertThat(a.vote("lobby", "alice", "erin")).isEqualTo(new Vote(1, 3));
        assertThat(b.vote("lobby", "alice", "erin")).isNull();
        assertThat(b.vote("lobby", "bob", "erin").carries()).isFalse();
        // a voter who leaves no longer counts
        b.leave("lobby", "bob", bob);
        Vote third = a.vote("lobby", "carol", "erin");
        assertThat(third).isEqualTo(new Vote(2, 2));
        assertThat(third.carries()).isTrue();
    }

    @Test
    void mutingIsPerRoomAndSaysWhetherItChangedAnything() {
        Seat alice = on(registryA, "alice");
        a.join("lobby", "alice", alice, 10, 0, 1000);
        a.join("beach", "alice", alice, 10, 0, 1000);
        assertThat(b.mute("lobby", "alice", true)).isTrue();
        assertThat(a.mute("lobby", "alice", true)).isFalse();
        assertThat(a.muted("lobby", "alice")).isTrue();
        assertThat(b.muted("beach", "alice")).isFalse();
        assertThat(b.participants("lobby")).containsExactly(new Participant("alice", true));
        assertThat(a.mute("lobby", "alice", false)).isTrue();
        assertThat(b.mute("lobby", "alice", false)).isFalse();
        assertThat(a.roomsOf(alice)).containsExactlyInAnyOrder("lobby", "beach");
    }

    @Test
    void aForgottenRoomTakesItsSeatsAndItsKeysWithIt() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        a.join("lobby", "alice", alice, 10, 0, 1000);
        b.join("lobby", "bob", bob, 10, 0, 1000);
        a.join("beach", "alice", alice, 10, 0, 1000);
        a.mute("lobby", "bob", true);
        a.vote("lobby", "alice", "bob");
        a.kick("lobby", "carol", 9000);
        b.forget("lobby");
        assertThat(a.size("lobby")).isZero();
        assertThat(a.roomsOf(alice)).containsExactly("beach");
        assertThat(b.roomsOf(bob)).isEmpty();
        assertThat(a.busiest(10)).containsExactly("beach");
        assertThat(nodeB.sync().scan(ScanArgs.Builder.matches(config.name() + ":room:lobby:*").limit(1000)).getKeys())
                .isEmpty();
    }

    // ---- what several nodes add ----

    @Test
    void theBusiestRoomsCountBothNodesAndATieGoesByKey() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        Seat carol = on(registryB, "carol");
        a.join("music", "alice", alice, 10, 0, 1000);
        b.join("music", "bob", bob, 10, 0, 1000);
        b.join("lobby", "bob", bob, 10, 0, 1000);
        a.join("lobby", "alice", alice, 10, 0, 1000);
        b.join("lobby", "carol", carol, 10, 0, 1000);
        b.join("beach", "carol", carol, 10, 0, 1000);
        a.join("attic", "alice", alice, 10, 0, 1000);
        assertThat(a.busiest(10)).containsExactly("lobby", "music", "attic", "beach");
        assertThat(b.busiest(3)).containsExactly("lobby", "music", "attic");
        b.leave("lobby", "carol", carol);
        b.leave("lobby", "bob", bob);
        assertThat(a.busiest(2)).containsExactly("music", "attic");
        assertThat(a.busiest(0)).isEmpty();
    }

    @Test
    void aSeatWhoseNodeDiedStopsCountingOnceItsSessionIsGoneAndTheRoomIsToldOnce() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        a.join("lobby", "alice", alice, 10, 0, 1000);
        b.join("lobby", "bob", bob, 10, 0, 1000);
        a.mute("lobby", "alice", true);

        nodeADies("alice");
        assertThat(b.participants("lobby")).containsExactly(new Participant("bob", false));
        assertThat(vacated).containsExactly("lobby:alice");
        assertThat(b.size("lobby")).isEqualTo(1);
        assertThat(b.contains("lobby", "alice")).isFalse();
        assertThat(b.participants("lobby")).hasSize(1);
        assertThat(vacated).as("told once").containsExactly("lobby:alice");
        assertThat(b.muted("lobby", "alice")).as("her mute stays with the room").isTrue();
    }

    @Test
    void aDeadSeatDoesNotKeepTheLivingOutOfAFullRoom() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        a.join("small", "alice", alice, 2, 0, 1000);
        b.join("small", "bob", bob, 2, 0, 1000);
        Seat carol = on(registryB, "carol");
        assertThat(b.join("small", "carol", carol, 2, 0, 1000)).isInstanceOf(Full.class);

        nodeADies("alice");
        assertThat(b.join("small", "carol", carol, 2, 0, 1000)).isEqualTo(new Seated(false));
        assertThat(b.participants("small")).extracting(Participant::user).containsExactly("bob", "carol");
        assertThat(vacated).containsExactly("small:alice");
    }

    @Test
    void aLoginElsewhereLeavesTheOldSessionsSeatDeadToo() {
        Seat alice = on(registryA, "alice");
        a.join("lobby", "alice", alice, 10, 0, 1000);
        on(registryB, "alice"); // her new session has not come back to the room (yet)
        assertThat(b.contains("lobby", "alice")).isFalse();
        assertThat(vacated).containsExactly("lobby:alice");
        assertThat(a.roomsOf(alice)).isEmpty();
        assertThat(a.leave("lobby", "alice", alice)).as("her old session's own leaving finds nothing").isFalse();
        assertThat(vacated).hasSize(1);
    }

    @Test
    void theSweepEmptiesDeadSeatsOfRoomsNobodyLooksAt() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        a.join("beach", "alice", alice, 10, 0, 1000);
        b.join("lobby", "bob", bob, 10, 0, 1000);

        nodeADies("alice");
        b.sweep(Duration.ofMinutes(1));
        assertThat(vacated).containsExactly("beach:alice");
        assertThat(b.size("beach")).isZero();
        assertThat(b.busiest(10)).containsExactly("lobby");
        assertThat(b.size("lobby")).as("a living seat stays").isEqualTo(1);
    }

    @Test
    void anEmptyRoomsModerationIsKeptADayAndAgainWhileSomeoneIsIn() {
        Seat alice = on(registryA, "alice");
        Seat bob = on(registryB, "bob");
        a.join("lobby", "alice", alice, 10, 0, 1000);
        b.join("lobby", "bob", bob, 10, 0, 1000);
        a.mute("lobby", "bob", true);
        String muted = config.name() + ":room:lobby:muted";
        assertThat(nodeA.sync().pttl(muted)).as("while someone is in: no end").isEqualTo(-1);
        a.leave("lobby", "alice", alice);
        b.leave("lobby", "bob", bob);
        assertThat(nodeA.sync().pttl(muted)).isPositive().isLessThanOrEqualTo(RedisRoomRoster.IDLE_STATE.toMillis());
        assertThat(a.busiest(10)).isEmpty();
        b.join("lobby", "bob", bob, 10, 0, 1000);
        assertThat(nodeA.sync().pttl(muted)).isEqualTo(-1);
        assertThat(a.muted("lobby", "bob")).isTrue();
    }
}
