package dev.revenant.mig33.store;

import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mig33 passwords are kept sealed (the login proof needs them in clear), each bound to its account's
 * (normalised, unique) username as AES-GCM associated data: a sealed value copied into another account's row
 * does not open there. Values sealed before the binding existed ("v1:") are re-sealed bound by a migration
 * that needs the key ({@link #migrate}); an unbound value logs no one in.
 */
public final class SealedPasswords {
    private static final Logger log = LoggerFactory.getLogger(SealedPasswords.class);

    private SealedPasswords() {}

    private static String owner(String username) {
        return "mig33:user:" + username;
    }

    public static String seal(SecretBox secrets, String username, String password) {
        return secrets.seal(password, owner(username));
    }

    /** The clear password of {@code username}'s row, or empty if the value is not sealed for this account. */
    public static Optional<String> open(SecretBox secrets, String username, String sealed) {
        if (!SecretBox.isBound(sealed)) {
            log.warn("event=password_unbound user={} reason=\"sealed without its owner: set a new password\"", username);
            return Optional.empty();
        }
        try {
            return Optional.of(secrets.open(sealed, owner(username)));
        } catch (IllegalStateException e) {
            // another account's value, or another key file: the operator should know, the client does not
            log.warn("event=password_unopened user={} reason=\"not sealed for this account with this key file\"", username);
            return Optional.empty();
        }
    }

    /**
     * The mig33 tables' migrations, the Java one included: {@link #migration} re-seals the passwords an earlier
     * version sealed without associated data. Every opening of the mig33 tables goes through here.
     */
    public static void migrate(Database database, SecretBox secrets) {
        database.migrate("mig33", migration(secrets));
    }

    /**
     * Migration 5.9 (after the SQL ones, V5_3 the last so far): every password sealed before the binding
     * ("v1:") re-sealed bound to its row's username, in the migration's transaction. It runs once: an unbound
     * value written into a row afterwards (copied from an old backup) is never bound, and logs no one in.
     */
    static JavaMigration migration(SecretBox secrets) {
        return new BindSealedPasswords(secrets);
    }

    private static final class BindSealedPasswords implements JavaMigration {
        private final SecretBox secrets;

        BindSealedPasswords(SecretBox secrets) {
            this.secrets = secrets;
        }

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion("5.9");
        }

        @Override
        public String getDescription() {
            return "bind sealed passwords to their users";
        }

        @Override
        public Integer getChecksum() {
            return null;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            record Row(String username, String sealed) {}
            Connection c = context.getConnection();
            List<Row> unbound = Jdbc.list(c, "SELECT username, password_sealed FROM mig33_user"
                    + " WHERE password_sealed LIKE 'v1:%'", rs -> new Row(rs.getString(1), rs.getString(2)));
            for (Row r : unbound) {
                Jdbc.update(c, "UPDATE mig33_user SET password_sealed = ? WHERE username = ?",
                        seal(secrets, r.username(), secrets.open(r.sealed())), r.username());
            }
            log.info("event=passwords_bound count={}", unbound.size());
        }
    }
}
