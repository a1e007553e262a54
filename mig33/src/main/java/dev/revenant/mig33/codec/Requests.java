package dev.revenant.mig33.codec;

import dev.revenant.mig33.codec.Request.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one table that reads client packets into {@link Request}s, keyed by packet type: the only place that
 * knows which field of a request means what. A field a handler would have taken as absent reads as its
 * default here; one that cannot be read throws {@link MalformedFieldException} before the request reaches a
 * handler, so a malformed field is answered in one place.
 */
public final class Requests {
    private Requests() {}

    private static final Map<Integer, Function<Packet, Request>> DECODERS = Map.ofEntries(
            Map.entry(PacketType.PING, p -> new Request.Ping(p.txn())),
            Map.entry(PacketType.LOGOUT, p -> new Request.Logout(p.txn())),
            Map.entry(PacketType.GET_HELP_TEXT, p -> new Request.GetHelpText(p.txn(), p.integer(1, 0))),
            Map.entry(PacketType.REPORT, p -> new Request.Report(p.txn(), p.integer(1, 0), p.string(2, ""))),
            Map.entry(PacketType.OPEN_URL, p -> new Request.OpenUrl(p.txn(), p.string(2, ""), p.string(3),
                    p.integer(4, Request.OpenUrl.FOR_PAGE))),
            Map.entry(PacketType.GET_URL, p -> new Request.GetUrl(p.txn(), p.integer(1, 0), p.string(2, ""))),
            Map.entry(PacketType.NEW_REGISTRATION, p -> new Request.NewRegistration(p.txn(), p.string(2),
                    p.string(3, ""), p.string(4), p.string(5), p.string(6), p.string(7), p.string(8), p.string(9))),
            Map.entry(PacketType.REGISTRATION, p -> new Request.Registration(p.txn())),
            Map.entry(PacketType.REGISTRATION_RESPONSE, p -> new Request.RegistrationResponse(p.txn(), p.string(1),
                    p.string(2, ""), p.string(3), p.string(4, ""), p.string(5, ""), p.string(8))),
            Map.entry(PacketType.LOGIN, p -> new Request.Login(p.txn(), p.integer(1, 0), p.integer(3, 0), p.string(5),
                    p.number(9, 0), p.string(7), p.string(8), p.string(15))),
            Map.entry(PacketType.LOGIN_RESPONSE, p -> new Request.LoginResponse(p.txn(),
                    p.has(1) ? p.integer(1, 0) : null)),

            Map.entry(PacketType.GET_CONTACTS, p -> new Request.GetContacts(p.txn(), p.integer(2, 0))),
            Map.entry(PacketType.HAVE_LATEST_CONTACT_LIST, p -> new Request.HaveLatestContactList(p.txn())),
            Map.entry(PacketType.ADD_CONTACT, p -> new Request.AddContact(p.txn(), p.string(12), p.integer(2, 0),
                    p.string(3))),
            Map.entry(PacketType.REMOVE_CONTACT, p -> new Request.RemoveContact(p.txn(), p.integer(1, 0))),
            Map.entry(PacketType.UPDATE_CONTACT, p -> new Request.UpdateContact(p.txn(), p.integer(1, 0),
                    p.has(2) ? p.integer(2, 0) : null, p.string(3))),
            Map.entry(PacketType.MOVE_CONTACT, p -> new Request.MoveContact(p.txn(), p.integer(1, 0), p.integer(2, 0))),
            Map.entry(PacketType.ADD_GROUP, p -> new Request.AddGroup(p.txn(), p.string(2, ""))),
            Map.entry(PacketType.REMOVE_GROUP, p -> new Request.RemoveGroup(p.txn(), p.integer(1, 0))),
            Map.entry(PacketType.UPDATE_GROUP, p -> new Request.UpdateGroup(p.txn(), p.integer(1, 0), p.string(2, ""))),

            Map.entry(PacketType.GET_CONTACT_REQUESTS, p -> new Request.GetContactRequests(p.txn())),
            Map.entry(PacketType.ACCEPT_CONTACT_REQUEST, p -> new Request.AcceptContactRequest(p.txn(), p.string(1),
                    p.number(2, 0) != 0, p.integer(3, 0))),
            Map.entry(PacketType.REJECT_CONTACT_REQUEST, p -> new Request.RejectContactRequest(p.txn(), p.string(1),
                    p.number(2, 0) != 0)),
            Map.entry(PacketType.GET_PERMISSION_LIST, p -> new Request.GetPermissionList(p.txn())),
            Map.entry(PacketType.SET_PERMISSION, p -> new Request.SetPermission(p.txn(), p.string(1), p.number(2, -1))),
            Map.entry(PacketType.SET_PRESENCE, p -> new Request.SetPresence(p.txn(), p.number(1, -1))),
            Map.entry(PacketType.SET_STATUS_MESSAGE, p -> new Request.SetStatusMessage(p.txn(), p.string(1, ""))),
            Map.entry(PacketType.SET_DISPLAY_PICTURE, p -> new Request.SetDisplayPicture(p.txn(), p.string(1, ""))),
            Map.entry(PacketType.GET_USER_PROFILE, p -> new Request.GetUserProfile(p.txn())),
            Map.entry(PacketType.UPDATE_USER_PROFILE, p -> new Request.UpdateUserProfile(p.txn(), p.string(1),
                    p.string(2), p.string(3), p.string(4), p.string(5), p.has(6) ? (int) p.number(6, 0) : null,
                    p.has(8) ? p.number(8, 0) : null, p.has(9) ? (int) p.number(9, 0) : null, p.string(10),
                    p.string(12), p.string(13))),
            Map.entry(PacketType.CHANGE_PASSWORD, p -> new Request.ChangePassword(p.txn(), p.string(1, ""),
                    p.string(2, ""))),

            Map.entry(PacketType.MESSAGE, Requests::message),
            Map.entry(PacketType.UPLOAD_FILE, p -> new Request.UploadFile(p.txn(),
                    p.integer(1, Request.UploadFile.FILE_TYPE_IMAGE), p.raw(2), p.string(3, ""), p.integer(5, 0) == 1)),

            Map.entry(PacketType.CREATE_GROUP_CHAT, p -> new Request.CreateGroupChat(p.txn(),
                    p.integer(3, Request.IM_MIG33), names(p.string(2), p.string(4, "")))),
            Map.entry(PacketType.GROUP_CHAT_INVITE, p -> new Request.GroupChatInvite(p.txn(), p.string(1, ""),
                    names(p.string(2), p.string(4, "")))),
            Map.entry(PacketType.LEAVE_GROUP_CHAT, p -> new Request.LeaveGroupChat(p.txn(), p.string(1, ""))),
            Map.entry(PacketType.GET_GROUP_CHAT_PARTICIPANTS, p -> new Request.GetGroupChatParticipants(p.txn(),
                    p.string(1, ""))),

            Map.entry(PacketType.GET_CHATROOMS, p -> new Request.GetChatrooms(p.txn(), p.string(1, ""),
                    p.integer(2, 1), p.string(3))),
            Map.entry(PacketType.JOIN_CHATROOM, p -> new Request.JoinChatroom(p.txn(), p.string(1, ""))),
            Map.entry(PacketType.LEAVE_CHATROOM, p -> new Request.LeaveChatroom(p.txn(), p.string(1, ""))),
            Map.entry(PacketType.CREATE_CHATROOM, p -> new Request.CreateChatroom(p.txn(), p.string(1, ""),
                    p.string(2, ""), p.string(3, ""), p.string(4, ""), p.number(5, 1) != 0)),
            Map.entry(PacketType.KICK_CHATROOM_PARTICIPANT, p -> new Request.KickChatroomParticipant(p.txn(),
                    p.string(1, ""), p.string(2))),
            Map.entry(PacketType.GET_CHATROOM_PARTICIPANTS, p -> new Request.GetChatroomParticipants(p.txn(),
                    p.string(1, ""))),
            Map.entry(PacketType.MUTE_CHATROOM_PARTICIPANT, p -> new Request.MuteChatroomParticipant(p.txn(),
                    p.string(1, ""), p.string(2))),
            Map.entry(PacketType.UNMUTE_CHATROOM_PARTICIPANT, p -> new Request.UnmuteChatroomParticipant(p.txn(),
                    p.string(1, ""), p.string(2))),
            Map.entry(PacketType.ADD_FAVORITE_CHATROOM, p -> new Request.AddFavoriteChatroom(p.txn(), p.string(1, ""))),
            Map.entry(PacketType.REMOVE_FAVORITE_CHATROOM, p -> new Request.RemoveFavoriteChatroom(p.txn(),
                    p.integer(1, 0), p.string(2, ""))),
            Map.entry(PacketType.GET_CHATROOM_CATEGORIES, p -> new Request.GetChatroomCategories(p.txn())),
            Map.entry(PacketType.GET_CATEGORIZED_CHATROOMS, p -> new Request.GetCategorizedChatrooms(p.txn(),
                    p.integer(1, 0), p.number(2, 0) != 0)));

    /**
     * The request {@code p} carries, or null for a packet type no client sends this server.
     *
     * @throws MalformedFieldException when a field cannot be read as its type says
     */
    public static Request decode(Packet p) {
        Function<Packet, Request> decoder = DECODERS.get(p.type());
        return decoder == null ? null : decoder.apply(p);
    }

    /** The packet types {@link #decode} reads. */
    public static Set<Integer> types() {
        return DECODERS.keySet();
    }

    private static Message message(Packet p) {
        int destinationType = p.integer(3, Message.DESTINATION_PRIVATE);
        int contentType = p.integer(6, Message.CONTENT_TEXT);
        if (destinationType == Message.DESTINATION_CHATROOM) {
            return new Request.RoomMessage(p.txn(), p.string(4, ""), contentType, p.string(8, ""));
        }
        if (destinationType == Message.DESTINATION_GROUP_CHAT) {
            return new Request.GroupChatMessage(p.txn(), p.string(4, ""), contentType, p.string(8, ""));
        }
        if (destinationType == Message.DESTINATION_PRIVATE && Message.isFile(contentType)) {
            return new Request.FileMessage(p.txn(), p.string(4), contentType, p.raw(8));
        }
        return new Request.PrivateMessage(p.txn(), destinationType, p.string(4), contentType, p.string(8, ""));
    }

    /** The names in a field of NUL-separated names ({@code first} before them, if any), blank ones left out. */
    private static List<String> names(String first, String nulSeparated) {
        List<String> names = new ArrayList<>();
        if (first != null && !first.isBlank()) {
            names.add(first);
        }
        for (String name : nulSeparated.split("\0")) {
            if (!name.isBlank()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
