package dev.revenant.mig33.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.codec.PacketCatalogue.Direction;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed requests: one decoding table, and the client library's encoding of the same records. */
class RequestsTest {
    private static final byte[] PICTURE = {(byte) 0x89, 'P', 'N', 'G'};

    /** One of every request record, with every field it has set. */
    static List<Request> everyRequest() {
        return List.of(
                new Request.Ping(1), new Request.Logout(2), new Request.GetHelpText(3, 7),
                new Request.Report(4, 1, "NullPointerException"),
                new Request.OpenUrl(5, "http://a.example/", null, Request.OpenUrl.FOR_IMAGE),
                new Request.OpenUrl(6, "http://a.example/form", "q=tenn", Request.OpenUrl.FOR_PAGE),
                new Request.GetUrl(7, 2, "bob"),
                new Request.NewRegistration(8, "alice", "pw", "61400000000", "Al", "Alice", "Liddell", "1990-01-01",
                        "alice@example.org"),
                new Request.Registration(9),
                new Request.RegistrationResponse(10, "alice", "pw", "61400000000", "c1", "XKCD", "1990-01-01"),
                new Request.Login(11, 1, 420, "alice", 1, "J2MEv4.20.291", "Nokia", "en-US"), new Request.LoginResponse(12, -123456),
                new Request.GetContacts(13, 5), new Request.HaveLatestContactList(14),
                new Request.AddContact(15, "bob", 3, "Bobby"), new Request.RemoveContact(16, 4),
                new Request.UpdateContact(17, 4, 2, "B"), new Request.MoveContact(18, 4, 2),
                new Request.AddGroup(19, "Friends"), new Request.RemoveGroup(20, 2), new Request.UpdateGroup(21, 2, "Mates"),
                new Request.GetContactRequests(22), new Request.AcceptContactRequest(23, "bob", true, 2),
                new Request.RejectContactRequest(24, "eve", true), new Request.GetPermissionList(25),
                new Request.SetPermission(26, "eve", 2), new Request.SetPresence(27, 2),
                new Request.SetStatusMessage(28, "golfing"), new Request.SetDisplayPicture(29, "abc"),
                new Request.GetUserProfile(30),
                new Request.UpdateUserProfile(31, "Al", "Alice", "Liddell", "Oxford", "Oxon", 44, 631152000000L, 2,
                        "alice@example.org", "61400000000", "away"),
                new Request.ChangePassword(32, "old", "new"),
                new Request.PrivateMessage(33, Request.Message.DESTINATION_PRIVATE, "bob", Request.Message.CONTENT_TEXT, "hi"),
                new Request.FileMessage(34, "bob", Request.Message.CONTENT_IMAGE, PICTURE),
                new Request.GroupChatMessage(35, "g1", Request.Message.CONTENT_TEXT, "hi all"),
                new Request.RoomMessage(36, "Tennis", Request.Message.CONTENT_TEXT, "hi room"),
                new Request.UploadFile(37, Request.UploadFile.FILE_TYPE_IMAGE, PICTURE, "me", true),
                new Request.CreateGroupChat(38, Request.IM_MIG33, List.of("bob", "carol")),
                new Request.GroupChatInvite(39, "g1", List.of("dave")), new Request.LeaveGroupChat(40, "g1"),
                new Request.GetGroupChatParticipants(41, "g1"),
                new Request.GetChatrooms(42, "tenn", 2, "Tennis;Football"), new Request.JoinChatroom(43, "Tennis"),
                new Request.LeaveChatroom(44, "Tennis"),
                new Request.CreateChatroom(45, "Tennis", "Rackets", "sport", "en", false),
                new Request.KickChatroomParticipant(46, "Tennis", "eve"),
                new Request.GetChatroomParticipants(47, "Tennis"),
                new Request.MuteChatroomParticipant(48, "Tennis", "eve"),
                new Request.UnmuteChatroomParticipant(49, "Tennis", "eve"),
                new Request.AddFavoriteChatroom(50, "Tennis"), new Request.RemoveFavoriteChatroom(51, 1, "Tennis"),
                new Request.GetChatroomCategories(52), new Request.GetCategorizedChatrooms(53, 3, true));
    }

    @Test
    void everyRequestReadsBackAsTheRecordItWasWrittenFrom() {
        for (Request sent : everyRequest()) {
            Packet wire = sent.toPacket();
            assertThat(wire.txn()).isEqualTo(sent.txn());
            // through the wire format itself, as a client's bytes reach the server
            Packet read = PacketCodec.read(Unpooled.wrappedBuffer(WireBytes.encode(wire)), PacketCodec.DEFAULT_MAX_CONTENT);
            assertThat(Requests.decode(read)).as(sent.toString()).usingRecursiveComparison().isEqualTo(sent);
        }
    }

    @Test
    void everyRecordTypeIsCoveredAndEveryDecodedTypeIsAClientPacketOfTheSpec() {
        Set<Class<?>> records = new HashSet<>();
        collect(Request.class, records);
        Set<Class<?>> sampled = new HashSet<>();
        everyRequest().forEach(r -> sampled.add(r.getClass()));
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(records);
        for (int type : Requests.types()) {
            assertThat(PacketCatalogue.entry(type).direction()).as("packet " + type)
                    .isIn(Direction.CLIENT_TO_SERVER, Direction.BOTH);
        }
    }

    @Test
    void absentFieldsReadAsTheDefaultsTheServerAlwaysTook() {
        Request.GetChatrooms rooms = (Request.GetChatrooms) Requests.decode(Packet.of(PacketType.GET_CHATROOMS, 1).build());
        assertThat(rooms).isEqualTo(new Request.GetChatrooms(1, "", 1, null));
        Request.CreateChatroom room = (Request.CreateChatroom) Requests.decode(
                Packet.of(PacketType.CREATE_CHATROOM, 2).string(1, "Tennis").build());
        assertThat(room.allowKicking()).isTrue();
        assertThat(Requests.decode(Packet.of(PacketType.LOGIN_RESPONSE, 3).build()))
                .isEqualTo(new Request.LoginResponse(3, null));
        assertThat(Requests.decode(Packet.of(PacketType.SET_PRESENCE, 4).build())).isEqualTo(new Request.SetPresence(4, -1));
        assertThat(Requests.decode(Packet.of(PacketType.UPDATE_CONTACT, 5).int32(1, 9).build()))
                .isEqualTo(new Request.UpdateContact(5, 9, null, null));
    }

    @Test
    void aMessageDecodesByWhereItGoesAndWhatItCarries() {
        assertThat(Requests.decode(message(3, 1, "hi"))).isInstanceOf(Request.RoomMessage.class);
        assertThat(Requests.decode(message(2, 1, "hi"))).isInstanceOf(Request.GroupChatMessage.class);
        assertThat(Requests.decode(message(1, 2, "png"))).isInstanceOf(Request.FileMessage.class);
        assertThat(Requests.decode(message(1, 5, "token"))).isInstanceOf(Request.FileMessage.class);
        assertThat(Requests.decode(message(1, 1, "hi"))).isInstanceOf(Request.PrivateMessage.class);
        // a destination this server does not carry stays a private message, which its handler refuses
        assertThat(Requests.decode(message(7, 2, "x"))).isEqualTo(new Request.PrivateMessage(1, 7, "bob", 2, "x"));
        // no destination type: a private message, as the seed's clients send it
        assertThat(Requests.decode(Packet.of(PacketType.MESSAGE, 1).string(4, "bob").string(8, "hi").build()))
                .isEqualTo(new Request.PrivateMessage(1, 1, "bob", 1, "hi"));
    }

    @Test
    void aMalformedFieldFailsTheDecodingNotAHandler() {
        Packet threeByteNumber = Packet.of(PacketType.MESSAGE, 1).bytes(3, new byte[] {0, 0, 3}).build();
        assertThatThrownBy(() -> Requests.decode(threeByteNumber)).isInstanceOf(MalformedFieldException.class)
                .hasMessageContaining("field 3");
        Packet badPresence = Packet.of(PacketType.SET_PRESENCE, 2).bytes(1, new byte[5]).build();
        assertThatThrownBy(() -> Requests.decode(badPresence)).isInstanceOf(MalformedFieldException.class);
    }

    @Test
    void aPacketTypeNoClientSendsThisServerIsNoRequest() {
        assertThat(Requests.decode(Packet.of(PacketType.PONG, 1).build())).isNull();
        assertThat(Requests.decode(Packet.of(999, 1).build())).isNull();
    }

    private static Packet message(int destinationType, int contentType, String content) {
        return Packet.of(PacketType.MESSAGE, 1).int8(3, destinationType).string(4, "bob").int16(6, contentType)
                .bytes(8, content.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collect(sub, into);
            }
        } else {
            into.add(type);
        }
    }
}
