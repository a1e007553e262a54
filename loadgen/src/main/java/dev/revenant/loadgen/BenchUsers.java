package dev.revenant.loadgen;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.ContactGroup;
import dev.revenant.mig33.store.JdbcAccountStore;
import dev.revenant.mig33.Mig33Admin;
import dev.revenant.mig33.store.JdbcChatRoomStore;
import dev.revenant.mig33.store.JdbcContactStore;
import dev.revenant.mig33.store.NewChatRoom;
import dev.revenant.mig33.store.NewAccount;
import dev.revenant.mig33.store.SealedPasswords;
import dev.revenant.pangya.store.AccountAdmin;
import dev.revenant.pangya.store.AccountStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates the bench's users straight in the store (the registration path is rate limited per address, and
 * it is not what is measured). mig33 user {@code i} lists the next {@code contacts} users, round the ring,
 * so every user is somebody's contact and messages have somewhere to go.
 */
final class BenchUsers {
    static final String PASSWORD = "bench-secret";

    private BenchUsers() {}

    static String mig33Name(int i) {
        return "bench" + i;
    }

    static String pangyaName(int i) {
        return "pbench" + i;
    }

    /** The contact {@code k} (0-based) of user {@code i} among {@code users}. */
    static int contactOf(int i, int k, int users) {
        return (i + 1 + k) % users;
    }

    /** Creates what is missing of users 0..users-1 and their contacts; returns how many users were new. */
    static int mig33(Database database, SecretBox secrets, String defaultGroup, int users, int contacts) {
        SealedPasswords.migrate(database, secrets);
        Jdbc jdbc = new Jdbc(database.dataSource());
        JdbcAccountStore accounts = new JdbcAccountStore(jdbc, Clock.systemUTC());
        JdbcContactStore contactStore = new JdbcContactStore(jdbc, Clock.systemUTC());
        List<Integer> ids = new ArrayList<>(users);
        int created = 0;
        for (int i = 0; i < users; i++) {
            String name = mig33Name(i);
            Optional<Account> made = accounts.create(new NewAccount(name, SealedPasswords.seal(secrets, name, PASSWORD),
                    null, name, null, null, null, null),
                    defaultGroup);
            if (made.isPresent()) {
                created++;
            }
            ids.add(made.or(() -> accounts.find(name)).orElseThrow().id());
        }
        int perUser = Math.min(contacts, users - 1);
        for (int i = 0; i < users; i++) {
            int owner = ids.get(i);
            int group = contactStore.groups(owner).stream().filter(ContactGroup::isDefault).findFirst()
                    .orElseThrow().id();
            if (contactStore.contacts(owner).size() >= perUser) {
                continue;
            }
            for (int k = 0; k < perUser; k++) {
                contactStore.addContact(owner, ids.get(contactOf(i, k, users)), group, null);
            }
        }
        return created;
    }

    /**
     * The official rooms the room scenario joins: {@code benchroom<k>} for every {@code roomSize} users,
     * each with room for all of them (what exists already is kept).
     */
    static void rooms(Database database, int users, int roomSize) {
        // after mig33(), which brought the tables up to date (with the key their migrations need)
        JdbcChatRoomStore rooms = new JdbcChatRoomStore(new Jdbc(database.dataSource()), Clock.systemUTC());
        int size = Math.max(2, roomSize);
        for (int first = 0; first < users; first += size) {
            String name = Mig33Scenarios.roomName(first, size);
            rooms.create(new NewChatRoom(name, "load test", Mig33Admin.ROOM_OFFICIAL, size, null, "en", false, true, ""));
        }
    }

    /** PangYa accounts that finished their first login (nickname and character set), as returning players. */
    static void pangya(Database database, int count) {
        database.migrate("pangya");
        // the stored hash uses the production cost: the production-hashing run verifies against it
        AccountAdmin admin = new AccountAdmin(database, AccountStore.DEFAULT_COST);
        AccountStore store = new AccountStore(database, AccountStore.DEFAULT_COST);
        for (int i = 0; i < count; i++) {
            String name = pangyaName(i);
            if (store.byUsername(name).isPresent()) {
                continue;
            }
            long id = admin.add(name, PASSWORD);
            store.setNickname(id, "Bench" + i);
            store.setCharacter(id, 0x04000002L, 3);
        }
    }
}
