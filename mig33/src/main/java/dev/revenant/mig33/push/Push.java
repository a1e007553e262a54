package dev.revenant.mig33.push;

import dev.revenant.core.session.Delivery;

/**
 * What one mig33 session hands another through the bus, typed: one record per kind of push. The bus
 * carries {@link Delivery}s (a kind and string fields, so that it can cross nodes); {@link #toDelivery()}
 * and {@link Pushes#fromDelivery} are the one mapping between the two, so that no other code names a kind
 * or formats a number into a field and parses it back.
 */
public sealed interface Push {
    /** This push as the bus carries it. */
    Delivery toDelivery();

    /** A private text to a user (MESSAGE type {@code messageType}: 1 live, 9 stored). */
    record PrivateText(int messageType, String source, String destination, String text, String guid, long timestamp)
            implements Push {
        static final String KIND = "message";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "messageType", Integer.toString(messageType), "source", source,
                    "destination", destination, "text", text, "guid", guid, "timestamp", Long.toString(timestamp)));
        }

        static PrivateText from(Delivery d) {
            return new PrivateText(Integer.parseInt(d.field("messageType")), d.field("source"), d.field("destination"),
                    d.field("text"), d.field("guid"), Long.parseLong(d.field("timestamp")));
        }
    }

    /** A user's presence, on their presence topic. */
    record Presence(String user, int presence) implements Push {
        static final String KIND = "presence";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "user", user, "presence", Integer.toString(presence)));
        }

        static Presence from(Delivery d) {
            return new Presence(d.field("user"), Integer.parseInt(d.field("presence")));
        }
    }

    /** A user's new status message, on their presence topic. */
    record StatusMessage(String user, String statusMessage, long timestamp) implements Push {
        static final String KIND = "status";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "user", user, "value", statusMessage, "timestamp", Long.toString(timestamp)));
        }

        static StatusMessage from(Delivery d) {
            return new StatusMessage(d.field("user"), d.field("value"), Long.parseLong(d.field("timestamp")));
        }
    }

    /** A user's new display picture (its URL; empty when cleared), on their presence topic. */
    record DisplayPicture(String user, String displayPicture, long timestamp) implements Push {
        static final String KIND = "picture";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "user", user, "value", displayPicture, "timestamp", Long.toString(timestamp)));
        }

        static DisplayPicture from(Delivery d) {
            return new DisplayPicture(d.field("user"), d.field("value"), Long.parseLong(d.field("timestamp")));
        }
    }

    /** {@code requester} asks to add the recipient. */
    record ContactRequest(String requester) implements Push {
        static final String KIND = "contact-request";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "requester", requester));
        }

        static ContactRequest from(Delivery d) {
            return new ContactRequest(d.field("requester"));
        }
    }

    /**
     * The recipient may now see {@code user}, listed as {@code contactId}: their presence, and the status
     * message and display picture they have set (null when none).
     */
    record Follow(String user, int contactId, String statusMessage, long statusMessageAt, String displayPicture,
                  long displayPictureAt) implements Push {
        static final String KIND = "contact-follow";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "user", user, "contactId", Integer.toString(contactId),
                    "status", statusMessage, "statusAt", Long.toString(statusMessageAt),
                    "picture", displayPicture, "pictureAt", Long.toString(displayPictureAt)));
        }

        static Follow from(Delivery d) {
            return new Follow(d.field("user"), Integer.parseInt(d.field("contactId")), d.field("status"),
                    Long.parseLong(d.field("statusAt")), d.field("picture"), Long.parseLong(d.field("pictureAt")));
        }
    }

    /** The recipient may no longer see {@code user}, listed as {@code contactId}: they show offline. */
    record Hide(String user, int contactId) implements Push {
        static final String KIND = "contact-hide";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "user", user, "contactId", Integer.toString(contactId)));
        }

        static Hide from(Delivery d) {
            return new Hide(d.field("user"), Integer.parseInt(d.field("contactId")));
        }
    }

    /** The operator's ALERT. */
    record Alert(String title, String text) implements Push {
        static final String KIND = "alert";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "title", title, "text", text));
        }

        static Alert from(Delivery d) {
            return new Alert(d.field("title"), d.field("text"));
        }
    }

    /** A file {@code source} sent: where it is, and what it is. */
    record FileReceived(String source, String url, String description) implements Push {
        static final String KIND = "file";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "source", source, "url", url, "description", description));
        }

        static FileReceived from(Delivery d) {
            return new FileReceived(d.field("source"), d.field("url"), d.field("description"));
        }
    }

    /** The recipient was added to group chat {@code chat}. */
    record GroupChatInvited(String chat, String creator, int imType) implements Push {
        static final String KIND = "groupchat.invited";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "chat", chat, "creator", creator, "imType", Integer.toString(imType)));
        }

        static GroupChatInvited from(Delivery d) {
            return new GroupChatInvited(d.field("chat"), d.field("creator"), Integer.parseInt(d.field("imType")));
        }
    }

    /** {@code user} joined or left group chat {@code chat} ({@code status}: GROUP_CHAT_USER_STATUS's). */
    record GroupChatStatus(String chat, int status, String user) implements Push {
        static final String KIND = "groupchat.status";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "chat", chat, "status", Integer.toString(status), "user", user));
        }

        static GroupChatStatus from(Delivery d) {
            return new GroupChatStatus(d.field("chat"), Integer.parseInt(d.field("status")), d.field("user"));
        }
    }

    /** A text in group chat {@code chat}. */
    record GroupChatText(String source, String chat, String text, String guid, long timestamp) implements Push {
        static final String KIND = "groupchat.message";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "source", source, "chat", chat, "text", text, "guid", guid,
                    "timestamp", Long.toString(timestamp)));
        }

        static GroupChatText from(Delivery d) {
            return new GroupChatText(d.field("source"), d.field("chat"), d.field("text"), d.field("guid"),
                    Long.parseLong(d.field("timestamp")));
        }
    }

    /**
     * A line in a chat room, on the room's topic: a user's (with its guid and time), or the room's own
     * (source the room, guid null); {@code except} (a username, or null) does not get it.
     */
    record RoomLine(String room, String source, String text, String except, String guid, long timestamp)
            implements Push {
        static final String KIND = "room";

        /** Whether a user wrote it (the room's own lines have no guid). */
        public boolean fromUser() {
            return guid != null;
        }

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "room", room, "source", source, "text", text, "except", except, "guid", guid,
                    "timestamp", guid == null ? null : Long.toString(timestamp)));
        }

        static RoomLine from(Delivery d) {
            String guid = d.field("guid");
            return new RoomLine(d.field("room"), d.field("source"), d.field("text"), d.field("except"), guid,
                    guid == null ? 0 : Long.parseLong(d.field("timestamp")));
        }
    }

    /**
     * {@code user} was kicked out of chat room {@code room} (its key): on the room's topic, after the line that
     * says so, so that every node stops writing the room's lines to them in the room's own order.
     */
    record RoomKicked(String room, String user) implements Push {
        static final String KIND = "room.kicked";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "room", room, "user", user));
        }

        static RoomKicked from(Delivery d) {
            return new RoomKicked(d.field("room"), d.field("user"));
        }
    }

    /** A client's crash report (REPORT), on the reports topic for the operator's list. */
    record ClientReport(String user, int clientVersion, int reportType, String address, long at, String text)
            implements Push {
        static final String KIND = "report";

        @Override
        public Delivery toDelivery() {
            return Delivery.carrying(KIND, this, () -> Delivery.fields(
                    "user", user, "clientVersion", Integer.toString(clientVersion),
                    "type", Integer.toString(reportType), "address", address, "at", Long.toString(at), "text", text));
        }

        static ClientReport from(Delivery d) {
            return new ClientReport(d.field("user"), Integer.parseInt(d.field("clientVersion")),
                    Integer.parseInt(d.field("type")), d.field("address"), Long.parseLong(d.field("at")), d.field("text"));
        }
    }
}
