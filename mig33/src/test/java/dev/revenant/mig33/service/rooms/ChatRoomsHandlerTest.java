package dev.revenant.mig33.service.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.session.FakeConnections;
import dev.revenant.mig33.session.FakeConnections.Phone;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat rooms' handlers on fake connections (no socket): the room's rules as its participants see them,
 * now that who is in a room, and its votes and kicks, are the roster's.
 */
class ChatRoomsHandlerTest {
    @TempDir
    Path dir;
    private FakeConnections server;
    private Phone alice;
    private Phone bob;
    private Phone carol;
    private Phone dave;

    @BeforeEach
    void start() {
        server = new FakeConnections(dir);
        server.register("alice", "bob", "carol", "dave");
        server.admin().addRoom(new Mig33Admin.RoomSpec("Lobby", "", 3, null, List.of(), "", false, true, ""));
        alice = server.loggedIn("alice");
        bob = server.loggedIn("bob");
        carol = server.loggedIn("carol");
        dave = server.loggedIn("dave");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Packet join(Phone p) {
        p.send(new Request.JoinChatroom(10, "lobby"));
        return p.connection().answerTo(10);
    }

    private static String participants(Phone p) {
        p.send(new Request.GetChatroomParticipants(11, "Lobby"));
        Packet answer = p.connection().answerTo(11);
        assertThat(answer.type()).isEqualTo(PacketType.CHATROOM_PARTICIPANTS);
        return answer.string(2);
    }

    /** The room lines {@code p} was pushed (MESSAGE to the room, transaction 0). */
    private static List<String> lines(Phone p) {
        return p.connection().sent.stream().filter(x -> x.type() == PacketType.MESSAGE && x.txn() == 0)
                .map(x -> x.string(8)).toList();
    }

    @Test
    void aFullRoomRefusesTheNextAndAMajorityVoteKicksAndKeepsOut() {
        assertThat(join(alice).type()).isEqualTo(PacketType.OK);
        assertThat(join(bob).type()).isEqualTo(PacketType.OK);
        assertThat(join(carol).type()).isEqualTo(PacketType.OK);
        join(dave);
        assertThat(dave.connection().errorTo(10)).isEqualTo("The chat room Lobby is full (3 people)");
        assertThat(participants(bob)).isEqualTo("alice;bob;carol;");

        // three in the room: the two others than alice both have to vote
        bob.send(new Request.KickChatroomParticipant(12, "Lobby", "alice"));
        assertThat(bob.connection().answerTo(12).type()).isEqualTo(PacketType.OK);
        bob.send(new Request.KickChatroomParticipant(13, "Lobby", "alice"));
        assertThat(bob.connection().errorTo(13)).isEqualTo("You have voted to kick alice already");
        assertThat(lines(carol)).contains("bob has voted to kick alice (1 of 2 votes)");
        carol.send(new Request.KickChatroomParticipant(14, "Lobby", "alice"));
        assertThat(lines(bob)).contains("alice has been kicked out of the room by vote");
        assertThat(participants(bob)).isEqualTo("bob;carol;");

        alice.send(new Request.RoomMessage(15, "Lobby", 1, "still here?"));
        assertThat(alice.connection().errorTo(15)).isEqualTo("You are not in the chat room Lobby");
        join(alice);
        assertThat(alice.connection().errorTo(10)).startsWith("You were kicked out of Lobby. You may return in ");
        // the seat she left is free
        assertThat(join(dave).type()).isEqualTo(PacketType.OK);
    }

    @Test
    void aClosedSessionLeavesItsRoomsAndItsVotesCountNoMore() {
        join(alice);
        join(bob);
        join(carol);
        bob.send(new Request.KickChatroomParticipant(12, "Lobby", "alice"));
        bob.session().closed();
        assertThat(lines(carol)).contains("bob has left");
        assertThat(participants(carol)).isEqualTo("alice;carol;");
        // bob's vote went with him: carol's is the first of the one now needed
        carol.send(new Request.KickChatroomParticipant(13, "Lobby", "alice"));
        assertThat(lines(carol)).contains("alice has been kicked out of the room by vote");
        assertThat(participants(carol)).isEqualTo("carol;");
    }

    @Test
    void aMutedParticipantIsRefusedAndTheOthersHearNothingFromThem() {
        server.admin().addRoom(new Mig33Admin.RoomSpec("Beach", "", 10, "carol", List.of(), "", false, true, ""));
        for (Phone p : List.of(alice, carol)) {
            p.send(new Request.JoinChatroom(20, "Beach"));
        }
        carol.send(new Request.MuteChatroomParticipant(21, "Beach", "alice"));
        assertThat(carol.connection().answerTo(21).type()).isEqualTo(PacketType.OK);
        alice.send(new Request.RoomMessage(22, "Beach", 1, "hello"));
        assertThat(alice.connection().errorTo(22)).isEqualTo("You are muted in Beach");
        assertThat(lines(carol)).doesNotContain("hello");
        carol.send(new Request.UnmuteChatroomParticipant(23, "Beach", "alice"));
        alice.send(new Request.RoomMessage(24, "Beach", 1, "hello again"));
        assertThat(lines(carol)).contains("hello again");
    }
}
