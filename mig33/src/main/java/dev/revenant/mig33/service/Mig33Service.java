package dev.revenant.mig33.service;

import java.util.List;

/** The mig33 gateway's behaviour, shared by every connection: opens a session per connection. */
public final class Mig33Service {
    private final Mig33Context ctx;
    private final ContactListService contactList;
    private final LoginFlow login;
    private final PrivateMessages messages;
    private final ChatRooms rooms; // chat rooms

    public Mig33Service(Mig33Context ctx) {
        this.ctx = ctx;
        this.contactList = new ContactListService(ctx);
        this.login = new LoginFlow(ctx, contactList);
        this.messages = new PrivateMessages(ctx);
        this.rooms = new ChatRooms(ctx); // chat rooms
    }

    public Mig33Session open(Connection connection) {
        return new Mig33Session(this, connection);
    }

    /** Tells every logged-in user that the server is going away, and closes their sessions. */
    public void shutdown(String reason) {
        List<dev.revenant.core.session.SessionHandle> live = ctx.registry().sessions(Mig33Context.SERVICE);
        for (var handle : live) {
            if (handle instanceof Mig33Session s) {
                s.shutdown(reason);
            }
        }
    }

    Mig33Context context() {
        return ctx;
    }

    LoginFlow login() {
        return login;
    }

    ContactListService contactList() {
        return contactList;
    }

    PrivateMessages messages() {
        return messages;
    }

    // chat rooms
    ChatRooms rooms() {
        return rooms;
    }
}
