package dev.revenant.mig33.store;

import dev.revenant.core.store.Jdbc;
import java.time.Clock;
import java.util.List;

/** {@link PermissionStore} on JDBC ({@code mig33_permission}, migration V3). */
public final class JdbcPermissionStore implements PermissionStore {
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcPermissionStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean blocks(String owner, String other) {
        return jdbc.one("SELECT 1 FROM mig33_permission p JOIN mig33_user o ON o.id = p.owner_id"
                + " JOIN mig33_user x ON x.id = p.other_id WHERE o.username = ? AND x.username = ? AND p.permission = ?",
                rs -> 1, owner, other, BLOCK).isPresent();
    }

    @Override
    public int permission(int ownerId, int otherId) {
        return jdbc.one("SELECT permission FROM mig33_permission WHERE owner_id = ? AND other_id = ?",
                rs -> rs.getInt(1), ownerId, otherId).orElse(NONE);
    }

    @Override
    public void set(int ownerId, int otherId, int permission) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM mig33_permission WHERE owner_id = ? AND other_id = ?", ownerId, otherId);
            if (permission != NONE) {
                Jdbc.update(c, "INSERT INTO mig33_permission (owner_id, other_id, permission, created_at) VALUES (?,?,?,?)",
                        ownerId, otherId, permission, clock.millis());
            }
            return null;
        });
    }

    @Override
    public List<String> usernames(int ownerId, int permission) {
        return jdbc.list("SELECT u.username FROM mig33_permission p JOIN mig33_user u ON u.id = p.other_id"
                + " WHERE p.owner_id = ? AND p.permission = ? ORDER BY p.created_at, u.username",
                rs -> rs.getString(1), ownerId, permission);
    }

    @Override
    public int count(int ownerId) {
        return jdbc.one("SELECT COUNT(*) FROM mig33_permission WHERE owner_id = ?", rs -> rs.getInt(1), ownerId).orElse(0);
    }
}
