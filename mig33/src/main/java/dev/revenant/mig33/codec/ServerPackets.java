package dev.revenant.mig33.codec;
import java.util.List;

/**
 * The server packets, each emitted with the fields, order and widths of the seed's tables
 * ({@code seeds/mig33-server-packets.txt} §6.1–6.13, mapped to type codes by spec §3). Packets the seed
 * does not cover follow in descending field-id order, as the original server wrote them.
 */
public final class ServerPackets {
    private ServerPackets() {}

    /** Unsolicited server packets carry transaction id 0. */
    public static final int PUSH = 0;

    /** Error codes of ERROR field 1 (spec §7). */
    public static final int ERROR_UNDEFINED = 1;
    public static final int ERROR_INCORRECT_CREDENTIAL = 3;
    public static final int ERROR_INVALID_VERSION = 100;
    public static final int ERROR_UNSUPPORTED_PROTOCOL = 101;

    /** Seed 6.1 ERROR_MESSAGE: description, then the int16 code. */
    public static Packet error(int txn, int code, String description) {
        return Packet.of(PacketType.ERROR, txn).string(2, description).int16(1, code).build();
    }

    /** Seed 6.2 LOGIN_NOTIFY: the server cannot take logins now; no code field. */
    public static Packet loginNotify(int txn, String notice) {
        return Packet.of(PacketType.ERROR, txn).string(2, notice).build();
    }

    /** Seed 6.3 LOGIN_BAD_RESP: the same answer for an unknown user and a wrong password. */
    public static Packet loginBadResponse(int txn, String text) {
        return error(txn, ERROR_UNDEFINED, text);
    }

    /** Seed 6.4 REGISTER_OK. */
    public static Packet registerOk(int txn, String welcome) {
        return Packet.of(PacketType.OK, txn).string(1, welcome).build();
    }

    /** Seed 6.5 KEEP_ALIVE_RESP: no fields, the PING's transaction id. */
    public static Packet pong(int txn) {
        return Packet.of(PacketType.PONG, txn).build();
    }

    /** Seed 6.6 LOGIN_CHAL: session id (the seed's X2), then the challenge (its HASH_STRING). */
    public static Packet loginChallenge(int txn, String sessionId, String challenge) {
        return Packet.of(PacketType.LOGIN_CHALLENGE, txn).string(2, sessionId).string(1, challenge).build();
    }

    /** What LOGIN_OK tells the client (seed 6.7). */
    public record LoginOk(String exchangeRate, String currency, String voiceServer, int voiceId,
                          String messageOfTheDay, boolean mobileVerified, String mobileNumber) {}

    /**
     * The LOGIN_OK fields beyond the seed's that the real clients read without checking that they are there
     * (a missing one crashes the client right after login): 3.0x read 6, 7, 8 and 17; 4.05 and later 20;
     * 4.20 and later 23, 26, 27 and 31 (int16); 29 absent makes 4.20 and later send REPORTs; 4.30 and later
     * read 32 as a string. Every generation ignores the ones it does not read, so all are always sent.
     *
     * @param alertContentType field 4, how field 3 (the message of the day) is to be shown: 1 text
     * @param contactListVersion field 20, the version GET_CONTACTS will report in CONTACT_LIST_VERSION
     * @param imageServerUrl field 23, where the client fetches images; empty: none
     * @param pageletUrl field 26, the base of the client's home pages; empty: none
     * @param userType field 27: 1 an ordinary user
     * @param reputationLevel field 31: the user's level, from 1
     * @param reputationImagePath field 32, the level's badge relative to the PageletUrl's host: 4.30 and later
     *     draw it beside the user's name and, without it, ask for an image called "null" at every repaint
     */
    public record ClientFields(int alertContentType, int contactListVersion, String imageServerUrl, String pageletUrl,
                               int userType, int reputationLevel, String reputationImagePath) {}

    /**
     * Seed 6.7 LOGIN_OK / MOTD. The exchange rate block is optional ("not in all responses"). The seed's
     * table swaps the size and content columns of its X16/X17 rows: field 2 is one byte.
     */
    public static Packet loginOk(int txn, LoginOk ok) {
        return seedLoginOk(txn, ok).build();
    }

    /** LOGIN_OK as the server sends it: the seed's fields in the seed's order, then those real clients read. */
    public static Packet loginOk(int txn, LoginOk ok, ClientFields more) {
        return seedLoginOk(txn, ok)
                .string(32, more.reputationImagePath())
                .int16(31, more.reputationLevel())
                .bool(29, false) // SendConnectionReport: without it 4.20 and later send REPORT packets
                .int8(27, more.userType())
                .string(26, more.pageletUrl())
                .string(23, more.imageServerUrl())
                .int32(20, more.contactListVersion())
                .int8(17, 0) // GTalkDetail: no GTalk gateway here
                .int8(7, 0) // AIMDetail: no AIM gateway here
                .int8(4, more.alertContentType())
                .build();
    }

    private static Packet.Builder seedLoginOk(int txn, LoginOk ok) {
        return Packet.of(PacketType.LOGIN_OK, txn)
                .optionalString(12, ok.exchangeRate())
                .string(11, ok.currency())
                .string(10, ok.voiceServer())
                .int32(9, ok.voiceId())
                .int8(8, 0)
                .int8(6, 0)
                .string(3, ok.messageOfTheDay())
                .bool(2, ok.mobileVerified())
                .string(1, ok.mobileNumber());
    }

    /**
     * OPEN_URL_RESPONSE (923), the answer to a client's OPEN_URL (922): an HTTP-like status, the page's
     * bytes and how long (ms) the client may keep them.
     */
    public static Packet openUrlResponse(int txn, int status, byte[] content, long timeToLiveMillis) {
        return Packet.of(PacketType.OPEN_URL_RESPONSE, txn).int64(3, timeToLiveMillis).bytes(2, content).int32(1, status).build();
    }

    /**
     * REGISTRATION_CHALLENGE (102), the answer to REGISTRATION (101): the phone's country calling code (empty:
     * unknown), and the captcha the user must type (its id and a PNG picture).
     */
    public static Packet registrationChallenge(int txn, String callingCode, String captchaId, byte[] captchaPng) {
        return Packet.of(PacketType.REGISTRATION_CHALLENGE, txn).bytes(3, captchaPng).string(2, captchaId)
                .string(1, callingCode).build();
    }

    /**
     * REGISTRATION_ERROR (104), the answer to a REGISTRATION_RESPONSE (103) that is refused: why, and a new
     * captcha (the clients swap it in, and 4.20 reads its id without checking it is there).
     */
    public static Packet registrationError(int txn, String why, String captchaId, byte[] captchaPng) {
        return Packet.of(PacketType.REGISTRATION_ERROR, txn).bytes(3, captchaPng).string(2, captchaId).string(1, why).build();
    }

    /** Seed 6.8 CLIST_GROUPS: one packet per group. */
    public static Packet group(int txn, String name, int groupId) {
        return Packet.of(PacketType.GROUP, txn).string(2, name).int32(1, groupId).build();
    }

    /**
     * Seed 6.9 CLIST_BUDDIES: one packet per contact. The seed's USERNAME (field 3) is the display name,
     * its BUDDY_NAME (field 12) the mig33 account name.
     */
    public static Packet contact(int txn, String displayName, int presence, int groupId, String username, int contactId) {
        return Packet.of(PacketType.CONTACT, txn)
                .int8(25, 0)
                .string(3, displayName)
                .int8(13, presence)
                .int32(2, groupId)
                .string(12, username)
                .int32(1, contactId)
                .build();
    }

    /** Seed 6.10 CLIST_TERMINATOR. */
    public static Packet contactsComplete(int txn) {
        return Packet.of(PacketType.GET_CONTACTS_COMPLETE, txn).build();
    }

    /** Seed 6.11 CLIST_STATUS_CHANGE: pushed; the contact id is the receiver's id for that contact. */
    public static Packet presence(int contactId, int presence) {
        return Packet.of(PacketType.PRESENCE, PUSH).int8(2, presence).int32(1, contactId).build();
    }

    /** A message as it reaches its receiver. */
    public record IncomingMessage(int messageType, String source, int destinationType, String destination,
                                  int contentType, String text, String guid, long timestamp) {}

    /**
     * Seed 6.12 RECV_MSG, pushed with transaction id 0; the GUID (15) and timestamp (16) that the
     * reference names for MESSAGE follow the seed's fields.
     */
    public static Packet message(IncomingMessage m) {
        // eight fields: their headers, the numbers, and the strings as long as they are in ASCII
        int expected = 8 * 6 + 12 + m.text().length() + m.destination().length() + m.source().length()
                + (m.guid() == null ? 0 : m.guid().length());
        Packet.Builder b = Packet.of(PacketType.MESSAGE, PUSH, expected)
                .string(8, m.text())
                .int16(6, m.contentType())
                .string(4, m.destination())
                .int8(3, m.destinationType())
                .string(2, m.source())
                .int8(1, m.messageType());
        if (m.guid() != null) {
            b.string(15, m.guid()).int64(16, m.timestamp());
        }
        return b.build();
    }

    /** Seed 6.13 RECV_SYS_MSG: someone sent the user a file; where to view it. */
    public static Packet fileReceived(String url, String description, String invoker) {
        return Packet.of(PacketType.FILE_RECEIVED, PUSH)
                .string(5, url)
                .string(4, description)
                .string(2, invoker)
                .int8(1, 1)
                .build();
    }

    // ---- packets the seed does not cover: descending field ids ----

    /** OK (1): response text, and optionally the long. */
    public static Packet ok(int txn, String text) {
        return Packet.of(PacketType.OK, txn).string(1, text).build();
    }

    /** OK for a sent message: its GUID and server timestamp (spec §6). */
    public static Packet messageAccepted(int txn, String guid, long timestamp) {
        return Packet.of(PacketType.OK, txn, 2 * 6 + 8 + guid.length()).int64(2, timestamp).string(1, guid).build();
    }

    /** CONTACT_LIST_VERSION (420), for clients of version 400 and later. */
    public static Packet contactListVersion(int txn, int version, long timestamp) {
        return Packet.of(PacketType.CONTACT_LIST_VERSION, txn).int64(2, timestamp).int32(1, version).build();
    }

    /** SESSION_TERMINATED (301), pushed before the server closes a session. */
    public static Packet sessionTerminated(String reason) {
        return Packet.of(PacketType.SESSION_TERMINATED, PUSH).string(1, reason).build();
    }

    /** ALERT (5): an announcement. */
    public static Packet alert(int alertType, String title, String content) {
        return Packet.of(PacketType.ALERT, PUSH)
                .string(4, title)
                .int8(3, 1)
                .string(2, content)
                .int16(1, alertType)
                .build();
    }

    // ---- contact requests, privacy, profile (not in the seed: descending field ids) ----

    /**
     * NOTIFICATION (14), pushed: {@code text} for the client's notifications, the page {@code url} that
     * tells more, the kind ({@code type}) and how many of it wait.
     */
    public static Packet notification(String text, String url, int type, int pending) {
        return Packet.of(PacketType.NOTIFICATION, PUSH).int32(4, pending).int32(3, type).string(2, url).string(1, text).build();
    }

    /** HELP_TEXT (6), the answer to GET_HELP_TEXT: the text the phone shows. */
    public static Packet helpText(int txn, String text) {
        return Packet.of(PacketType.HELP_TEXT, txn).string(1, text).build();
    }

    /** NOTIFICATION (14) without fields, pushed: nothing waits any more (the client clears its notice). */
    public static Packet noNotification() {
        return Packet.of(PacketType.NOTIFICATION, PUSH).build();
    }

    /** CONTACT_REQUEST (412): {@code requester} asks to see the receiver's presence; pushed, or answers GET_CONTACT_REQUESTS. */
    public static Packet contactRequest(int txn, String requester) {
        return Packet.of(PacketType.CONTACT_REQUEST, txn).string(1, requester).build();
    }

    /**
     * CONTACT (402) with the contact's status message (27) and display picture (28) after the seed's fields
     * (spec §3 lets named optional fields follow them); either is left out when the contact shows none.
     */
    public static Packet contact(int txn, String displayName, int presence, int groupId, String username, int contactId,
                                 String statusMessage, String displayPicture) {
        Packet plain = contact(txn, displayName, presence, groupId, username, contactId);
        Packet.Builder b = Packet.of(PacketType.CONTACT, txn);
        plain.fields().forEach(f -> b.bytes(f.id(), f.value()));
        return b.optionalString(27, statusMessage).optionalString(28, displayPicture).build();
    }

    /** PERMISSION_LIST (416): both lists, each item followed by {@code ;} (as the room participant lists). */
    public static Packet permissionList(int txn, List<String> allowed, List<String> blocked) {
        return Packet.of(PacketType.PERMISSION_LIST, txn)
                .string(2, joinWithTrailingSemicolons(blocked))
                .string(1, joinWithTrailingSemicolons(allowed))
                .build();
    }

    private static String joinWithTrailingSemicolons(List<String> items) {
        StringBuilder sb = new StringBuilder();
        items.forEach(i -> sb.append(i).append(';'));
        return sb.toString();
    }

    /** STATUS_MESSAGE (421), pushed: the contact id is the receiver's id for the contact. */
    public static Packet statusMessage(int contactId, String text, long timestamp) {
        return Packet.of(PacketType.STATUS_MESSAGE, PUSH).int64(3, timestamp).string(2, text).int32(1, contactId).build();
    }

    /** DISPLAY_PICTURE (423), pushed: the contact id is the receiver's id for the contact. */
    public static Packet displayPicture(int contactId, String reference, long timestamp) {
        return Packet.of(PacketType.DISPLAY_PICTURE, PUSH).int64(3, timestamp).string(2, reference).int32(1, contactId).build();
    }

    /**
     * What USER_PROFILE (906) says of the user's own profile: texts null when never set, numbers null when
     * unknown ({@code dateOfBirth} in ms since the epoch).
     */
    public record UserProfile(String displayName, String firstName, String lastName, String city, String state,
                              Integer countryId, Long dateOfBirth, Integer gender, String email, String mobilePhone,
                              String awayMessage) {}

    /** USER_PROFILE (906): the user's own profile. Unknown numbers are left out; unknown texts are empty. */
    public static Packet userProfile(int txn, UserProfile p) {
        Packet.Builder b = Packet.of(PacketType.USER_PROFILE, txn)
                .string(13, nullToEmpty(p.awayMessage()))
                .string(12, nullToEmpty(p.mobilePhone()))
                .string(10, nullToEmpty(p.email()));
        if (p.gender() != null) {
            b.int8(9, p.gender());
        }
        if (p.dateOfBirth() != null) {
            b.int64(8, p.dateOfBirth());
        }
        if (p.countryId() != null) {
            b.int32(6, p.countryId());
        }
        return b.string(5, nullToEmpty(p.state()))
                .string(4, nullToEmpty(p.city()))
                .string(3, nullToEmpty(p.lastName()))
                .string(2, nullToEmpty(p.firstName()))
                .string(1, nullToEmpty(p.displayName()))
                .build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** GROUP_CHAT (750): the user is in a group chat now; the answer to its creator, a push to the invited. */
    public static Packet groupChat(int txn, String groupChatId, String creator, int imType) {
        return Packet.of(PacketType.GROUP_CHAT, txn).int8(3, imType).string(2, creator).string(1, groupChatId).build();
    }

    /** GROUP_CHAT_PARTICIPANTS (755): each list {@code ;}-separated with a trailing {@code ;}, as rooms' are. */
    public static Packet groupChatParticipants(int txn, String groupChatId, String participants, String muted, int imType) {
        return Packet.of(PacketType.GROUP_CHAT_PARTICIPANTS, txn)
                .int8(5, imType)
                .string(4, muted)
                .string(2, participants)
                .string(1, groupChatId)
                .build();
    }

    /** GROUP_CHAT_USER_STATUS (756), pushed: someone joined (1) or left (2) a group chat (spec §7). */
    public static Packet groupChatUserStatus(int status, String groupChatId, String username, int userType) {
        return Packet.of(PacketType.GROUP_CHAT_USER_STATUS, PUSH)
                .int8(4, userType)
                .string(3, username)
                .string(2, groupChatId)
                .int8(1, status)
                .build();
    }

    // packets 701–717, not in the seed, so in descending field-id order

    /** What CHATROOM (701) says about a room. */
    public record ChatRoomEntry(String name, String description, int maximumSize, int size, boolean adultOnly,
                                int category, boolean userOwned, int roomId, String creator) {}

    /** CHATROOM (701): one room of a list, or the room just joined. */
    public static Packet chatRoom(int txn, ChatRoomEntry r) {
        return Packet.of(PacketType.CHATROOM, txn)
                .optionalString(10, r.creator())
                .int32(9, r.roomId())
                .bool(7, r.userOwned())
                .int16(6, r.category())
                .bool(5, r.adultOnly())
                .int32(4, r.size())
                .int32(3, r.maximumSize())
                .string(2, r.description())
                .string(1, r.name())
                .build();
    }

    /** GET_CHATROOMS_COMPLETE (702): how many pages the search has, and a line for the user. */
    public static Packet chatRoomsComplete(int txn, int pages, String infoText) {
        return Packet.of(PacketType.GET_CHATROOMS_COMPLETE, txn).string(2, infoText).int8(1, pages).build();
    }

    /** CHATROOM_PARTICIPANTS (708): each list {@code ;}-separated with a trailing {@code ;}. */
    public static Packet chatRoomParticipants(int txn, String room, String participants, String administrators,
                                              String muted) {
        return Packet.of(PacketType.CHATROOM_PARTICIPANTS, txn)
                .string(4, muted)
                .string(3, administrators)
                .string(2, participants)
                .string(1, room)
                .build();
    }

    /** CHATROOM_CATEGORY (714). Refresh method 1: the client asks again whenever the category opens. */
    public static Packet chatRoomCategory(int txn, int id, String name, boolean collapsed, boolean itemsCanBeDeleted) {
        return Packet.of(PacketType.CHATROOM_CATEGORY, txn)
                .bool(5, itemsCanBeDeleted)
                .bool(4, collapsed)
                .int8(3, 1)
                .string(2, name)
                .int16(1, id)
                .build();
    }

    public static Packet chatRoomCategoriesComplete(int txn) {
        return Packet.of(PacketType.GET_CHATROOM_CATEGORIES_COMPLETE, txn).build();
    }

    /** GET_CATEGORIZED_CHATROOMS_COMPLETE (717): a footer line under the category's rooms. */
    public static Packet categorizedChatRoomsComplete(int txn, String footer) {
        return Packet.of(PacketType.GET_CATEGORIZED_CHATROOMS_COMPLETE, txn).string(1, footer).build();
    }
}
