package dev.revenant.pangya.store;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.revenant.core.store.Database;
import dev.revenant.core.store.Jdbc;
import dev.revenant.pangya.login.Account;
import dev.revenant.pangya.login.Accounts;
import dev.revenant.pangya.login.LoginRecord;
import dev.revenant.pangya.login.NameRules;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The PangYa accounts in the store (tables from {@code db/pangya}). Passwords are kept as bcrypt of the
 * upper-case hex MD5 of the password; every method may block and belongs on a worker thread.
 */
public final class AccountStore implements Accounts {
    /** bcrypt cost when the configuration says nothing: about 50 ms on a small server core. */
    public static final int DEFAULT_COST = 10;

    private static final String COLUMNS = "id, username, nickname, character_type, hair_colour, banned";

    private final Jdbc jdbc;
    private final int cost;
    /** Verified against when the username is unknown, so that a wrong name costs as much as a wrong password. */
    private final byte[] decoy;

    public AccountStore(Database database, int cost) {
        this(database.dataSource(), cost);
    }

    /** Over a bare data source: tests count the statements a login makes. */
    AccountStore(DataSource dataSource, int cost) {
        this.jdbc = new Jdbc(dataSource);
        this.cost = cost;
        this.decoy = BCrypt.withDefaults().hash(cost, new byte[16], "decoy".getBytes(StandardCharsets.US_ASCII));
    }

    /** A row of {@link #list()}: everything but the password hash. */
    public record Row(Account account, String created) {}

    private static Account account(ResultSet rs) throws SQLException {
        long type = rs.getLong("character_type");
        Long characterType = rs.wasNull() ? null : type;
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("nickname"), characterType,
                rs.getInt("hair_colour"), rs.getBoolean("banned"));
    }

    String hash(String passwordMd5Hex) {
        return BCrypt.withDefaults().hashToString(cost, passwordMd5Hex.toCharArray());
    }

    /**
     * One statement for the whole login: the account row joined with the macros the player changed (one row
     * per changed macro, one row with no macro when none changed: most players). The account's columns repeat
     * on each row; at most nine rows, and it saves the second round trip every login used to make.
     */
    @Override
    public Optional<LoginRecord> forLogin(String username) {
        record Joined(Account account, String hash, int slot, String macro) {}
        List<Joined> rows = jdbc.list("SELECT a.id, a.username, a.nickname, a.character_type, a.hair_colour, a.banned,"
                        + " a.password_hash, m.slot, m.macro_text"
                        + " FROM pangya_account a LEFT JOIN pangya_chat_macro m ON m.account_id = a.id"
                        + " WHERE a.username_key = ?",
                rs -> new Joined(account(rs), rs.getString("password_hash"), rs.getInt("slot"), rs.getString("macro_text")),
                NameRules.key(username));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<String> macros = new ArrayList<>(Account.DEFAULT_MACROS);
        for (Joined row : rows) {
            if (row.macro() != null && row.slot() >= 0 && row.slot() < macros.size()) {
                macros.set(row.slot(), row.macro());
            }
        }
        return Optional.of(new LoginRecord(rows.get(0).account(), rows.get(0).hash(), macros));
    }

    @Override
    public boolean passwordMatches(Optional<LoginRecord> stored, String passwordMd5Hex) {
        byte[] given = passwordMd5Hex.getBytes(StandardCharsets.US_ASCII);
        if (stored.isEmpty()) {
            BCrypt.verifyer().verify(given, decoy);
            return false;
        }
        return BCrypt.verifyer().verify(given, stored.get().passwordHash().getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /** The account if the password matches: both steps of a login on the calling thread (admin commands, tests). */
    public Optional<Account> verify(String username, String passwordMd5Hex) {
        Optional<LoginRecord> stored = forLogin(username);
        return passwordMatches(stored, passwordMd5Hex) ? stored.map(LoginRecord::account) : Optional.empty();
    }

    @Override
    public Optional<Account> byId(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM pangya_account WHERE id = ?", AccountStore::account, id);
    }

    public Optional<Account> byUsername(String username) {
        return jdbc.one("SELECT " + COLUMNS + " FROM pangya_account WHERE username_key = ?", AccountStore::account,
                NameRules.key(username));
    }

    @Override
    public boolean nicknameTaken(String nickname) {
        return jdbc.one("SELECT id FROM pangya_account WHERE nickname_key = ?", rs -> rs.getLong(1), NameRules.key(nickname))
                .isPresent();
    }

    @Override
    public boolean setNickname(long accountId, String nickname) {
        // the unique constraint decides a race; the NOT EXISTS avoids relying on an exception for the usual case
        return jdbc.update("UPDATE pangya_account SET nickname = ?, nickname_key = ? WHERE id = ? AND nickname IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM pangya_account o WHERE o.nickname_key = ?)",
                nickname, NameRules.key(nickname), accountId, NameRules.key(nickname)) == 1;
    }

    @Override
    public void setCharacter(long accountId, long characterType, int hairColour) {
        jdbc.update("UPDATE pangya_account SET character_type = ?, hair_colour = ? WHERE id = ?", characterType, hairColour,
                accountId);
    }

    /** The nine chat macros, defaults where the player changed nothing (a login gets them from {@link #forLogin}). */
    public List<String> chatMacros(long accountId) {
        List<String> macros = new ArrayList<>(Account.DEFAULT_MACROS);
        jdbc.list("SELECT slot, macro_text FROM pangya_chat_macro WHERE account_id = ? ORDER BY slot", rs -> {
            int slot = rs.getInt(1);
            if (slot >= 0 && slot < macros.size()) {
                macros.set(slot, rs.getString(2));
            }
            return slot;
        }, accountId);
        return macros;
    }

    /** Stores a player's own macro (slot 0..8); the GameService's business, here for completeness and tests. */
    public void setChatMacro(long accountId, int slot, String text) {
        if (slot < 0 || slot >= Account.DEFAULT_MACROS.size()) {
            throw new IllegalArgumentException("macro slot 0..8");
        }
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM pangya_chat_macro WHERE account_id = ? AND slot = ?", accountId, slot);
            return Jdbc.update(c, "INSERT INTO pangya_chat_macro (account_id, slot, macro_text) VALUES (?, ?, ?)",
                    accountId, slot, text);
        });
    }

    /** Creates an account; the caller has checked the name and password rules. */
    public long create(String username, String passwordMd5Hex) {
        return jdbc.insert("INSERT INTO pangya_account (username, username_key, password_hash) VALUES (?, ?, ?)", "id",
                username, NameRules.key(username), hash(passwordMd5Hex));
    }

    /** @return false when there is no such account */
    public boolean setPassword(String username, String passwordMd5Hex) {
        return jdbc.update("UPDATE pangya_account SET password_hash = ? WHERE username_key = ?", hash(passwordMd5Hex),
                NameRules.key(username)) == 1;
    }

    /** @return false when there is no such account */
    public boolean setBanned(String username, boolean banned) {
        return jdbc.update("UPDATE pangya_account SET banned = ? WHERE username_key = ?", banned, NameRules.key(username)) == 1;
    }

    /** Deletes the account with its chat macros; false when there is no such account. */
    public boolean delete(String username) {
        return jdbc.update("DELETE FROM pangya_account WHERE username_key = ?", NameRules.key(username)) == 1;
    }

    public List<Row> list() {
        return jdbc.list("SELECT " + COLUMNS + ", created_at FROM pangya_account ORDER BY id",
                rs -> new Row(account(rs), String.valueOf(rs.getTimestamp("created_at").toInstant())));
    }
}
