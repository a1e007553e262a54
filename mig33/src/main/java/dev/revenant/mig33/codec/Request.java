package dev.revenant.mig33.codec;

import java.util.List;

/**
 * A client's request, decoded: one record per client packet type the server handles (spec §9), named in
 * the spec's words. Field numbers live here and in {@link Requests} only: {@link Requests#decode} reads a
 * packet into its record, and {@link #toPacket()} writes it back the way the MIDlets send it (the client
 * library sends these records). A field that is absent reads as the default the server has always taken
 * for it; a field that cannot be read is a {@link MalformedFieldException} at decoding, before any handler.
 *
 * <p>MESSAGE (500) is one packet type that means four things by its destination and content type; it
 * decodes to one of the four {@link Message} records, so each has one handler.
 */
public sealed interface Request {
    /** The transaction id, which the answers carry back. */
    int txn();

    /** The packet a client sends for this request. */
    Packet toPacket();

    // ---- what the clients send before login too ----

    /** PING (2). */
    record Ping(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.PING, txn).build();
        }
    }

    /** LOGOUT (300). */
    record Logout(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.LOGOUT, txn).build();
        }
    }

    /** GET_HELP_TEXT (7: 1 Id): 3.08 asks from its registration form. */
    record GetHelpText(int txn, int id) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_HELP_TEXT, txn).int32(1, id).build();
        }
    }

    /** REPORT (10: 1 ReportType, 2 Description): a client's report of its own crash. */
    record Report(int txn, int reportType, String description) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REPORT, txn).int16(1, reportType).string(2, description).build();
        }
    }

    /**
     * OPEN_URL (922: 1 Method, 2 URL, 3 Parameter, 4 what it is for): a 4.x browser's page or picture through
     * the gateway. {@code parameter} is a posted form's fields (Method 2), else null; {@code purpose} is
     * {@link #FOR_PAGE} or {@link #FOR_IMAGE}.
     */
    record OpenUrl(int txn, String url, String parameter, int purpose) implements Request {
        public static final int FOR_PAGE = 1;
        public static final int FOR_IMAGE = 2;
        static final int GET = 1;
        static final int POST = 2;

        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.OPEN_URL, txn).int8(1, parameter == null ? GET : POST).string(2, url);
            if (parameter != null) {
                b.string(3, parameter);
            }
            return b.int8(4, purpose).build();
        }
    }

    /** GET_URL (910: 1 URLType, 2 ProfileName). */
    record GetUrl(int txn, int urlType, String profileName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_URL, txn).int8(1, urlType).string(2, profileName).build();
        }
    }

    /**
     * NEW_REGISTRATION (100), the seed's one-packet registration: 2 Username, 3 Password, 4 MobilePhone,
     * 5 DisplayName, 6 FirstName, 7 LastName, 8 DateOfBirth, 9 EmailAddress (each null when absent).
     */
    record NewRegistration(int txn, String username, String password, String mobilePhone, String displayName,
                           String firstName, String lastName, String dateOfBirth, String emailAddress)
            implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.NEW_REGISTRATION, txn).int8(1, 1).optionalString(2, username)
                    .optionalString(3, password).optionalString(4, mobilePhone).optionalString(5, displayName)
                    .optionalString(6, firstName).optionalString(7, lastName).optionalString(8, dateOfBirth)
                    .optionalString(9, emailAddress).build();
        }
    }

    /** REGISTRATION (101): asks for a captcha; its screen-size fields are not needed. */
    record Registration(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REGISTRATION, txn).build();
        }
    }

    /**
     * REGISTRATION_RESPONSE (103: 1 Username, 2 Password, 3 MobilePhone, 4 CaptchaID, 5 CaptchaResponse,
     * 8 DateOfBirth): username, mobile phone and date of birth null when absent, the rest empty.
     */
    record RegistrationResponse(int txn, String username, String password, String mobilePhone, String captchaId,
                                String captchaResponse, String dateOfBirth) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REGISTRATION_RESPONSE, txn).optionalString(1, username)
                    .string(2, password).optionalString(3, mobilePhone).string(4, captchaId)
                    .string(5, captchaResponse).optionalString(8, dateOfBirth).build();
        }
    }

    /**
     * LOGIN (200: 1 ProtocolVersion, 3 ClientVersion, 5 Username, 7 UserAgent, 8 DeviceName, 9 InitialPresence,
     * 15 Language; the strings null when absent).
     */
    record Login(int txn, int protocolVersion, int clientVersion, String username, long initialPresence,
                 String userAgent, String deviceName, String language) implements Request {
        /** ClientType (2) of a J2ME MIDlet. */
        static final int CLIENT_TYPE_MIDP = 2;

        @Override
        public Packet toPacket() {
            // the fields and their order of a 4.x MIDlet's LOGIN
            return Packet.of(PacketType.LOGIN, txn).bool(19, false).optionalString(15, language)
                    .int8(9, (int) initialPresence).optionalString(8, deviceName).optionalString(7, userAgent)
                    .optionalString(5, username).int16(3, clientVersion).int8(2, CLIENT_TYPE_MIDP)
                    .int16(1, protocolVersion).build();
        }
    }

    /** LOGIN_RESPONSE (202: 1 PasswordHash, null when absent). */
    record LoginResponse(int txn, Integer passwordHash) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.LOGIN_RESPONSE, txn);
            return passwordHash == null ? b.build() : b.int32(1, passwordHash).build();
        }
    }

    // ---- the contact list ----

    /** GET_CONTACTS (400: 2 ContactId, 0 for the whole list). */
    record GetContacts(int txn, int contactId) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.GET_CONTACTS, txn);
            return contactId == 0 ? b.build() : b.int32(2, contactId).build();
        }
    }

    /** HAVE_LATEST_CONTACT_LIST (419): the client's stored list is the version LOGIN_OK named. */
    record HaveLatestContactList(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.HAVE_LATEST_CONTACT_LIST, txn).build();
        }
    }

    /** ADD_CONTACT (405: 12 FusionUsername and 3 DisplayName, null when absent; 2 GroupID, 0 for none). */
    record AddContact(int txn, String username, int groupId, String displayName) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.ADD_CONTACT, txn).optionalString(12, username)
                    .optionalString(3, displayName);
            return groupId == 0 ? b.build() : b.int32(2, groupId).build();
        }
    }

    /** REMOVE_CONTACT (406: 1 ContactID). */
    record RemoveContact(int txn, int contactId) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REMOVE_CONTACT, txn).int32(1, contactId).build();
        }
    }

    /** UPDATE_CONTACT (407: 1 ContactID; 2 GroupID and 3 DisplayName, null when unchanged). */
    record UpdateContact(int txn, int contactId, Integer groupId, String displayName) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.UPDATE_CONTACT, txn).int32(1, contactId);
            if (groupId != null) {
                b.int32(2, groupId);
            }
            return b.optionalString(3, displayName).build();
        }
    }

    /** MOVE_CONTACT (411: 1 ContactID, 2 GroupID). */
    record MoveContact(int txn, int contactId, int groupId) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.MOVE_CONTACT, txn).int32(1, contactId).int32(2, groupId).build();
        }
    }

    /** ADD_GROUP (408: 2 GroupName). */
    record AddGroup(int txn, String groupName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.ADD_GROUP, txn).string(2, groupName).build();
        }
    }

    /** REMOVE_GROUP (409: 1 GroupID). */
    record RemoveGroup(int txn, int groupId) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REMOVE_GROUP, txn).int32(1, groupId).build();
        }
    }

    /** UPDATE_GROUP (410: 1 GroupID, 2 GroupName): a rename. */
    record UpdateGroup(int txn, int groupId, String groupName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.UPDATE_GROUP, txn).int32(1, groupId).string(2, groupName).build();
        }
    }

    // ---- contact requests, privacy, presence, profile ----

    /** GET_CONTACT_REQUESTS (425). */
    record GetContactRequests(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_CONTACT_REQUESTS, txn).build();
        }
    }

    /** ACCEPT_CONTACT_REQUEST (413: 1 ContactUserName, null when absent; 2 AddContact; 3 GroupID). */
    record AcceptContactRequest(int txn, String username, boolean addContact, int groupId) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.ACCEPT_CONTACT_REQUEST, txn).int32(3, groupId).bool(2, addContact)
                    .optionalString(1, username).build();
        }
    }

    /** REJECT_CONTACT_REQUEST (414: 1 ContactUserName, null when absent; 2 block the user too). */
    record RejectContactRequest(int txn, String username, boolean block) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REJECT_CONTACT_REQUEST, txn).int8(2, block ? 1 : 0)
                    .optionalString(1, username).build();
        }
    }

    /** GET_PERMISSION_LIST (415). */
    record GetPermissionList(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_PERMISSION_LIST, txn).int8(1, 0).build();
        }
    }

    /** SET_PERMISSION (417: 1 Username, null when absent; 2 Permission, -1 when absent). */
    record SetPermission(int txn, String username, long permission) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.SET_PERMISSION, txn).int8(2, (int) permission).optionalString(1, username)
                    .build();
        }
    }

    /** SET_PRESENCE (600: 1 Presence, -1 when absent). */
    record SetPresence(int txn, long presence) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.SET_PRESENCE, txn).int8(1, (int) presence).build();
        }
    }

    /** SET_STATUS_MESSAGE (601: 1 StatusMessage). */
    record SetStatusMessage(int txn, String statusMessage) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.SET_STATUS_MESSAGE, txn).string(1, statusMessage).build();
        }
    }

    /** SET_DISPLAY_PICTURE (602: 1 DisplayPicture: a stored picture's URL or token; empty clears). */
    record SetDisplayPicture(int txn, String displayPicture) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.SET_DISPLAY_PICTURE, txn).string(1, displayPicture).build();
        }
    }

    /** GET_USER_PROFILE (905): the own profile. */
    record GetUserProfile(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_USER_PROFILE, txn).build();
        }
    }

    /**
     * UPDATE_USER_PROFILE (907): 1 DisplayName, 2 FirstName, 3 LastName, 4 City, 5 State, 6 CountryId,
     * 8 DateOfBirth, 9 Gender, 10 EmailAddress, 12 MobilePhone, 13 AwayMessage; each null when absent (left
     * as it is).
     */
    record UpdateUserProfile(int txn, String displayName, String firstName, String lastName, String city,
                             String state, Integer countryId, Long dateOfBirth, Integer gender, String emailAddress,
                             String mobilePhone, String awayMessage) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.UPDATE_USER_PROFILE, txn).optionalString(1, displayName)
                    .optionalString(2, firstName).optionalString(3, lastName).optionalString(4, city)
                    .optionalString(5, state);
            if (countryId != null) {
                b.int32(6, countryId);
            }
            if (dateOfBirth != null) {
                b.int64(8, dateOfBirth);
            }
            if (gender != null) {
                b.int8(9, gender);
            }
            return b.optionalString(10, emailAddress).optionalString(12, mobilePhone)
                    .optionalString(13, awayMessage).build();
        }
    }

    /** CHANGE_PASSWORD (908: 1 OldPassword, 2 NewPassword). */
    record ChangePassword(int txn, String oldPassword, String newPassword) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.CHANGE_PASSWORD, txn).string(2, newPassword).string(1, oldPassword).build();
        }
    }

    // ---- messages and files ----

    /**
     * MESSAGE (500: 3 DestinationType, 4 Destination, 6 ContentType, 8 the content), decoded by where it
     * goes: a room (3), a group chat (2), a file to a user (1 with a file content type), or a private text.
     * The client's Source (2) is never read: the source is the logged-in user.
     */
    sealed interface Message extends Request {
        int DESTINATION_PRIVATE = 1;
        int DESTINATION_GROUP_CHAT = 2;
        int DESTINATION_CHATROOM = 3;
        int CONTENT_TEXT = 1;
        int CONTENT_IMAGE = 2;
        int CONTENT_AUDIO = 3;
        int CONTENT_VIDEO = 4;
        /** A file the sender stored before, named by its token. */
        int CONTENT_EXISTING_FILE = 5;

        static boolean isFile(int contentType) {
            return contentType == CONTENT_IMAGE || contentType == CONTENT_AUDIO || contentType == CONTENT_VIDEO
                    || contentType == CONTENT_EXISTING_FILE;
        }

        private static Packet message(int txn, int destinationType, String destination, int contentType,
                                      byte[] content) {
            Packet.Builder b = Packet.of(PacketType.MESSAGE, txn).int8(1, 1).int8(3, destinationType)
                    .string(4, destination).int16(6, contentType);
            return content == null ? b.build() : b.bytes(8, content).build();
        }
    }

    /**
     * A private text (destination type 1), or a MESSAGE to a destination type or of a content type this server
     * does not carry, which its handler refuses. {@code destination} is null when absent.
     */
    record PrivateMessage(int txn, int destinationType, String destination, int contentType, String text)
            implements Message {
        @Override
        public Packet toPacket() {
            return Message.message(txn, destinationType, destination, contentType, Requests.utf8(text));
        }
    }

    /** A file to a user: the bytes (null when absent), or a stored file's token for CONTENT_EXISTING_FILE. */
    record FileMessage(int txn, String destination, int contentType, byte[] content) implements Message {
        @Override
        public Packet toPacket() {
            return Message.message(txn, DESTINATION_PRIVATE, destination, contentType, content);
        }
    }

    /** A text to a group chat, named by its id. */
    record GroupChatMessage(int txn, String groupChatId, int contentType, String text) implements Message {
        @Override
        public Packet toPacket() {
            return Message.message(txn, DESTINATION_GROUP_CHAT, groupChatId, contentType, Requests.utf8(text));
        }
    }

    /** A line to a chat room, named by its name. */
    record RoomMessage(int txn, String chatroomName, int contentType, String text) implements Message {
        @Override
        public Packet toPacket() {
            return Message.message(txn, DESTINATION_CHATROOM, chatroomName, contentType, Requests.utf8(text));
        }
    }

    /** UPLOAD_FILE (504: 1 FileType, 2 Content (null when absent), 3 Description, 5 UseAsDisplayPicture). */
    record UploadFile(int txn, int fileType, byte[] content, String description, boolean useAsDisplayPicture)
            implements Request {
        public static final int FILE_TYPE_IMAGE = 1;

        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.UPLOAD_FILE, txn).int16(1, fileType);
            if (content != null) {
                b.bytes(2, content);
            }
            return b.string(3, description).bool(5, useAsDisplayPicture).build();
        }
    }

    // ---- group chats ----

    /** The IM type of a mig33 group chat (the only one this server has). */
    int IM_MIG33 = 1;

    /**
     * CREATE_GROUP_CHAT (751: 2 InvitedUser, 4 OtherPartyList NUL-separated, 3 ImType): {@code invited} are
     * the names as sent, blank ones left out.
     */
    record CreateGroupChat(int txn, int imType, List<String> invited) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.CREATE_GROUP_CHAT, txn).int8(3, imType);
            if (!invited.isEmpty()) {
                b.string(2, invited.get(0));
            }
            if (invited.size() > 1) {
                b.string(4, String.join("\0", invited.subList(1, invited.size())));
            }
            return b.build();
        }
    }

    /** GROUP_CHAT_INVITE (752: 1 GroupChatId, 2 Username, 4 Usernames NUL-separated). */
    record GroupChatInvite(int txn, String groupChatId, List<String> invited) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GROUP_CHAT_INVITE, txn).int8(3, IM_MIG33).string(1, groupChatId)
                    .string(4, String.join("\0", invited)).build();
        }
    }

    /** LEAVE_GROUP_CHAT (753: 1 GroupChatId). */
    record LeaveGroupChat(int txn, String groupChatId) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.LEAVE_GROUP_CHAT, txn).int8(2, IM_MIG33).string(1, groupChatId).build();
        }
    }

    /** GET_GROUP_CHAT_PARTICIPANTS (754: 1 GroupChatId). */
    record GetGroupChatParticipants(int txn, String groupChatId) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_GROUP_CHAT_PARTICIPANTS, txn).int8(2, IM_MIG33).string(1, groupChatId)
                    .build();
        }
    }

    // ---- chat rooms ----

    /**
     * GET_CHATROOMS (700: 1 SearchString, 2 Page (from 1; 0 or absent the first), 3 ChatRoomNames: the rooms a
     * client refreshes, ';'-separated, null when absent).
     */
    record GetChatrooms(int txn, String searchString, int page, String chatroomNames) implements Request {
        @Override
        public Packet toPacket() {
            Packet.Builder b = Packet.of(PacketType.GET_CHATROOMS, txn).int8(2, page).string(1, searchString);
            return b.optionalString(3, chatroomNames).build();
        }
    }

    /** JOIN_CHATROOM (703: 1 ChatroomName). */
    record JoinChatroom(int txn, String chatroomName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.JOIN_CHATROOM, txn).string(1, chatroomName).build();
        }
    }

    /** LEAVE_CHATROOM (704: 1 ChatroomName). */
    record LeaveChatroom(int txn, String chatroomName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.LEAVE_CHATROOM, txn).string(1, chatroomName).build();
        }
    }

    /** CREATE_CHATROOM (705: 1 ChatroomName, 2 Description, 3 Keywords, 4 Language, 5 AllowKicking, true when absent). */
    record CreateChatroom(int txn, String chatroomName, String description, String keywords, String language,
                          boolean allowKicking) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.CREATE_CHATROOM, txn).bool(5, allowKicking).string(4, language)
                    .string(3, keywords).string(2, description).string(1, chatroomName).build();
        }
    }

    /** KICK_CHATROOM_PARTICIPANT (706: 1 ChatroomName, 2 Username, null when absent): a vote, or an operator's kick. */
    record KickChatroomParticipant(int txn, String chatroomName, String username) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.KICK_CHATROOM_PARTICIPANT, txn).optionalString(2, username)
                    .string(1, chatroomName).build();
        }
    }

    /** GET_CHATROOM_PARTICIPANTS (707: 1 ChatroomName). */
    record GetChatroomParticipants(int txn, String chatroomName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_CHATROOM_PARTICIPANTS, txn).string(1, chatroomName).build();
        }
    }

    /** MUTE_CHATROOM_PARTICIPANT (709: 1 ChatroomName, 2 Username, null when absent). */
    record MuteChatroomParticipant(int txn, String chatroomName, String username) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.MUTE_CHATROOM_PARTICIPANT, txn).optionalString(2, username)
                    .string(1, chatroomName).build();
        }
    }

    /** UNMUTE_CHATROOM_PARTICIPANT (710: 1 ChatroomName, 2 Username, null when absent). */
    record UnmuteChatroomParticipant(int txn, String chatroomName, String username) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.UNMUTE_CHATROOM_PARTICIPANT, txn).optionalString(2, username)
                    .string(1, chatroomName).build();
        }
    }

    /** ADD_FAVORITE_CHATROOM (711: 1 ChatroomName). */
    record AddFavoriteChatroom(int txn, String chatroomName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.ADD_FAVORITE_CHATROOM, txn).string(1, chatroomName).build();
        }
    }

    /** REMOVE_FAVORITE_CHATROOM (712: 1 Category, 2 ChatroomName). */
    record RemoveFavoriteChatroom(int txn, int category, String chatroomName) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.REMOVE_FAVORITE_CHATROOM, txn).string(2, chatroomName).int16(1, category)
                    .build();
        }
    }

    /** GET_CHATROOM_CATEGORIES (713). */
    record GetChatroomCategories(int txn) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_CHATROOM_CATEGORIES, txn).build();
        }
    }

    /** GET_CATEGORIZED_CHATROOMS (716: 1 Category, 2 Refresh). */
    record GetCategorizedChatrooms(int txn, int category, boolean refresh) implements Request {
        @Override
        public Packet toPacket() {
            return Packet.of(PacketType.GET_CATEGORIZED_CHATROOMS, txn).bool(2, refresh).int16(1, category).build();
        }
    }

}
