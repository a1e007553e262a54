package dev.revenant.mig33.codec;

/** The packet type codes this server reads or writes (spec §3, §6 and §9). */
public final class PacketType {
    private PacketType() {}

    public static final int ERROR = 0;
    public static final int OK = 1;
    public static final int PING = 2;
    public static final int PONG = 3;
    public static final int ALERT = 5;
    /** A client's crash or problem report: how operators learn that a client broke. */
    public static final int REPORT = 10;
    public static final int HELP_TEXT = 6;
    /** A client's request for a help page (1 its id): 3.08 asks from its registration form, before login. */
    public static final int GET_HELP_TEXT = 7;
    /** A notice for 4.10+ clients (a contact request among others), with the URL of a page that tells more. */
    public static final int NOTIFICATION = 14;
    public static final int HAVE_LATEST_CONTACT_LIST = 419;
    public static final int OPEN_URL = 922;
    public static final int OPEN_URL_RESPONSE = 923;
    public static final int NEW_REGISTRATION = 100;
    /** The registration the real MIDlets (3.08–4.62) make: 101 → 102 (a captcha) → 103 → OK or 104. */
    public static final int REGISTRATION = 101;
    public static final int REGISTRATION_CHALLENGE = 102;
    public static final int REGISTRATION_RESPONSE = 103;
    public static final int REGISTRATION_ERROR = 104;
    public static final int LOGIN = 200;
    public static final int LOGIN_CHALLENGE = 201;
    public static final int LOGIN_RESPONSE = 202;
    public static final int LOGIN_OK = 203;
    public static final int LOGOUT = 300;
    public static final int SESSION_TERMINATED = 301;
    public static final int GET_CONTACTS = 400;
    public static final int GROUP = 401;
    public static final int CONTACT = 402;
    public static final int GET_CONTACTS_COMPLETE = 403;
    public static final int PRESENCE = 404;
    public static final int ADD_CONTACT = 405;
    public static final int REMOVE_CONTACT = 406;
    public static final int UPDATE_CONTACT = 407;
    public static final int ADD_GROUP = 408;
    public static final int REMOVE_GROUP = 409;
    public static final int UPDATE_GROUP = 410;
    public static final int MOVE_CONTACT = 411;
    public static final int CONTACT_LIST_VERSION = 420;
    public static final int MESSAGE = 500;
    // files: a picture sent to a user, an upload
    public static final int FILE_RECEIVED = 502;
    public static final int UPLOAD_FILE = 504;
    public static final int SET_PRESENCE = 600;

    // contact requests, privacy and profiles
    public static final int CONTACT_REQUEST = 412;
    public static final int ACCEPT_CONTACT_REQUEST = 413;
    public static final int REJECT_CONTACT_REQUEST = 414;
    public static final int GET_PERMISSION_LIST = 415;
    public static final int PERMISSION_LIST = 416;
    public static final int SET_PERMISSION = 417;
    public static final int STATUS_MESSAGE = 421;
    public static final int DISPLAY_PICTURE = 423;
    public static final int GET_CONTACT_REQUESTS = 425;
    public static final int SET_STATUS_MESSAGE = 601;
    public static final int SET_DISPLAY_PICTURE = 602;
    public static final int GET_USER_PROFILE = 905;
    public static final int USER_PROFILE = 906;
    public static final int UPDATE_USER_PROFILE = 907;
    public static final int CHANGE_PASSWORD = 908;
    public static final int GET_URL = 910;
    // group chats
    public static final int GROUP_CHAT = 750;
    public static final int CREATE_GROUP_CHAT = 751;
    public static final int GROUP_CHAT_INVITE = 752;
    public static final int LEAVE_GROUP_CHAT = 753;
    public static final int GET_GROUP_CHAT_PARTICIPANTS = 754;
    public static final int GROUP_CHAT_PARTICIPANTS = 755;
    public static final int GROUP_CHAT_USER_STATUS = 756;
    // chat rooms (spec §6, §9 rows 700–720)
    public static final int GET_CHATROOMS = 700;
    public static final int CHATROOM = 701;
    public static final int GET_CHATROOMS_COMPLETE = 702;
    public static final int JOIN_CHATROOM = 703;
    public static final int LEAVE_CHATROOM = 704;
    public static final int CREATE_CHATROOM = 705;
    public static final int KICK_CHATROOM_PARTICIPANT = 706;
    public static final int GET_CHATROOM_PARTICIPANTS = 707;
    public static final int CHATROOM_PARTICIPANTS = 708;
    public static final int MUTE_CHATROOM_PARTICIPANT = 709;
    public static final int UNMUTE_CHATROOM_PARTICIPANT = 710;
    public static final int ADD_FAVORITE_CHATROOM = 711;
    public static final int REMOVE_FAVORITE_CHATROOM = 712;
    public static final int GET_CHATROOM_CATEGORIES = 713;
    public static final int CHATROOM_CATEGORY = 714;
    public static final int GET_CHATROOM_CATEGORIES_COMPLETE = 715;
    public static final int GET_CATEGORIZED_CHATROOMS = 716;
    public static final int GET_CATEGORIZED_CHATROOMS_COMPLETE = 717;
}
