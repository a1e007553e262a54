package dev.revenant.mig33.store;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.mig33.Mig33Admin;
import java.nio.file.Path;
import java.util.List;

/** The store tests' users: alice, bob and carol, made through the admin API on a fresh database. */
final class ThreeUsers {
    private ThreeUsers() {}

    static Mig33Admin in(Database database, Path dir) {
        Mig33Admin admin = new Mig33Admin(database, SecretBox.open(dir.resolve("secret.key")), "Friends");
        for (String user : List.of("alice", "bob", "carol")) {
            admin.addUser(user, "S3cretPass1", null, null, false);
        }
        return admin;
    }
}
