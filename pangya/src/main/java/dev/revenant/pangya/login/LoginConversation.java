package dev.revenant.pangya.login;

import dev.revenant.core.log.LogText;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionHandle;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.pangya.codec.ClientPacket.CheckNickname;
import dev.revenant.pangya.codec.ClientPacket.Ghost;
import dev.revenant.pangya.codec.ClientPacket.Login;
import dev.revenant.pangya.codec.ClientPacket.Reconnect;
import dev.revenant.pangya.codec.ClientPacket.SelectCharacter;
import dev.revenant.pangya.codec.ClientPacket.SelectServer;
import dev.revenant.pangya.codec.ClientPacket.SetNickname;
import dev.revenant.pangya.codec.ClientPacket;
import dev.revenant.pangya.codec.LoginError;
import dev.revenant.pangya.codec.ServerPacket.CharacterSelected;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import dev.revenant.pangya.codec.ServerPacket.NeedCharacter;
import dev.revenant.pangya.codec.ServerPacket.NeedNickname;
import dev.revenant.pangya.codec.ServerPacket.NicknameCheck;
import dev.revenant.pangya.codec.ServerPacket.SessionKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's login (spec §7), as a state machine. Only the packets that fit the current state are
 * accepted; anything else closes the connection (spec §8). Calls come one at a time, in order, on a worker
 * (the store and password hashing block), so the state needs no locking.
 *
 * <p>A <em>live</em> session is a connection that passed the password and is still open: it is claimed in
 * the {@code SessionRegistry} until it closes. A <em>stale</em> session is one that did not end properly
 * although no connection holds the account ({@link IssuedKeys#hasOpenSession}): its connection dropped
 * mid-login, or the player went on to a game server that has not reported the session closed (the seed's
 * "disconnected before you were able to log out or exit properly"). A login then gets 5100019, and the
 * client's Ghost ends the old session (its login and session keys stop working) before the login goes on.
 * A player who simply left from the server list logs in again without a Ghost. A login while a live session exists gets 5100107,
 * and a Ghost after that closes the new connection, never the live one.
 */
public final class LoginConversation {
    private static final Logger log = LoggerFactory.getLogger(LoginConversation.class);
    /** A full password-check pool meets every login of a flood: one line per 10 s says so. */
    private static final dev.revenant.core.limits.LogThrottle BUSY_WARNINGS =
            new dev.revenant.core.limits.LogThrottle(java.time.Duration.ofSeconds(10), System::nanoTime);
    /** An outage meets every login: one line per 10 s says so, with how many were refused. */
    private static final dev.revenant.core.limits.LogThrottle STORE_WARNINGS =
            new dev.revenant.core.limits.LogThrottle(java.time.Duration.ofSeconds(10), System::nanoTime);

    /** Wrong passwords or reconnect keys tolerated on one connection before it is closed. */
    static final int MAX_FAILURES = 3;
    /** Character type ids real clients pick: 0x04000000 + 0..11. */
    static final long FIRST_CHARACTER = 0x04000000L;
    static final long LAST_CHARACTER = 0x0400000BL;
    static final int MAX_HAIR = 9;
    /** 0x000E results other than 0: not documented for any client, so two plain values. */
    public static final long NICKNAME_IN_USE = 1;
    public static final long NICKNAME_NOT_ALLOWED = 2;

    enum State { AWAITING_LOGIN, CHECKING_PASSWORD, AWAITING_GHOST_STALE, AWAITING_GHOST_DUPLICATE, AWAITING_NICKNAME, AWAITING_CHARACTER, LOGGED_IN, CLOSED }

    private final LoginService service;
    private final Outbound out;
    /** A game server was chosen on this connection: the session goes on there after the connection closes. */
    private boolean toGameServer;
    private State state = State.AWAITING_LOGIN;
    private Account account;
    /** Read with the account at the password step, for the burst (after a Ghost or first-login setup too). */
    private List<String> chatMacros = Account.DEFAULT_MACROS;
    private Handle handle;
    private int failures;

    LoginConversation(LoginService service, Outbound out) {
        this.service = service;
        this.out = out;
    }

    /** The registry's view of this connection once it holds an account. */
    private final class Handle implements SessionHandle {
        private final String user;

        Handle(String user) {
            this.user = user;
        }

        @Override
        public String service() {
            return LoginService.SERVICE;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public CompletionStage<Boolean> deliver(Delivery delivery) {
            return CompletableFuture.completedFuture(false); // the LoginService carries no messages
        }

        @Override
        public void end(String reason) {
            out.close(DisconnectCause.TAKEOVER, reason);
        }
    }

    /** Handles one decoded packet from the client. */
    public void receive(ClientPacket packet) {
        guarded(() -> dispatch(packet));
    }

    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (StoreUnavailableException e) {
            // the client knows no "try later" but the maintenance answer, which is what this is
            long held = STORE_WARNINGS.admit();
            if (held >= 0) {
                log.warn("event=pangya_store_unavailable state={} remote={} reason=\"{}\" also_refused_since_last_line={}",
                        state, out.remote(), LogText.escape(e.getMessage()), held);
            }
            service.count("store_unavailable");
            out.send(new LoginFailure(service.profile.maintenanceCode()));
            end(DisconnectCause.STORE_UNAVAILABLE, "store unavailable");
        }
    }

    private void dispatch(ClientPacket packet) {
        switch (state) {
            case AWAITING_LOGIN -> {
                if (packet instanceof Login login) {
                    login(login);
                } else if (packet instanceof Reconnect reconnect) {
                    reconnect(reconnect);
                } else {
                    reject(packet);
                }
            }
            // the client waits for the answer; anything it sends meanwhile is not a login client's doing
            case CHECKING_PASSWORD -> reject(packet);
            case AWAITING_GHOST_STALE -> {
                if (packet instanceof Ghost) {
                    service.keys.endSession(account.id());
                    log.info("event=pangya_ghost user={} remote={}", LogText.escape(account.username()), out.remote());
                    admit(account);
                } else {
                    reject(packet);
                }
            }
            case AWAITING_GHOST_DUPLICATE -> {
                if (packet instanceof Ghost) {
                    end(DisconnectCause.PROTOCOL, "ghost while the account is connected elsewhere");
                } else {
                    reject(packet);
                }
            }
            case AWAITING_NICKNAME -> {
                if (packet instanceof CheckNickname check) {
                    checkNickname(check.nickname());
                } else if (packet instanceof SetNickname set) {
                    setNickname(set.nickname());
                } else {
                    reject(packet);
                }
            }
            case AWAITING_CHARACTER -> {
                if (packet instanceof SelectCharacter select) {
                    selectCharacter(select);
                } else {
                    reject(packet);
                }
            }
            case LOGGED_IN -> {
                if (packet instanceof SelectServer select) {
                    selectServer(select.serverId());
                } else {
                    reject(packet);
                }
            }
            case CLOSED -> { } // the connection is gone; late packets mean nothing
        }
    }

    /**
     * The connection closed: a claimed session is released (its login key stays, for a Reconnect). After a
     * completed login that chose no game server the player left properly, and nothing stays open; a close
     * mid-login (first-login setup) leaves the session open, so the next login is asked for a Ghost.
     */
    public void closed() {
        if (state == State.LOGGED_IN && !toGameServer && account != null) {
            service.keys.endedProperly(account.id());
        }
        state = State.CLOSED;
        if (handle != null) {
            service.registry.release(handle);
            handle = null;
        }
    }

    private void login(Login login) {
        if (service.maintenance.getAsBoolean()) {
            service.count("maintenance");
            out.send(new LoginFailure(service.profile.maintenanceCode()));
            return;
        }
        String user = NameRules.key(login.username());
        String address = host();
        if (service.failures.refusedFor(user, address).isPresent()) {
            // the same answer as a wrong password, and no hashing: brute force learns nothing and costs little
            log.info("event=pangya_login outcome=locked_out user={} remote={}", LogText.escape(login.username()),
                    out.remote());
            fail("locked_out", LoginError.INVALID_CREDENTIALS);
            return;
        }
        Optional<String> md5 = service.profile.passwordForm().toMd5Hex(login.password());
        if (md5.isEmpty()) {
            passwordChecked(login, user, address, Optional.empty());
            return;
        }
        // the store is read here, on the worker (an outage is answered by guarded); only bcrypt goes to the
        // hashing pool, whose few threads would otherwise sit waiting for the store; the answer comes back in
        // this connection's order
        Optional<LoginRecord> stored = service.accounts.forLogin(login.username());
        state = State.CHECKING_PASSWORD;
        try {
            service.hashing.execute(() -> {
                Optional<LoginRecord> verified;
                try {
                    verified = service.accounts.passwordMatches(stored, md5.get()) ? stored : Optional.empty();
                } catch (RuntimeException e) {
                    out.resume(() -> guarded(() -> {
                        if (state == State.CHECKING_PASSWORD) {
                            throw e; // rethrown in the connection's order, where its other failures surface
                        }
                    }));
                    return;
                }
                out.resume(() -> guarded(() -> {
                    if (state == State.CHECKING_PASSWORD) { // not closed meanwhile
                        state = State.AWAITING_LOGIN;
                        passwordChecked(login, user, address, verified);
                    }
                }));
            });
        } catch (RejectedExecutionException e) {
            // more logins than the pool takes: the answer a client knows for "not now", and no hashing
            state = State.AWAITING_LOGIN;
            long held = BUSY_WARNINGS.admit();
            if (held >= 0) {
                log.warn("event=pangya_password_checks_busy remote={} also_refused_since_last_line={}", out.remote(), held);
            }
            service.count("busy");
            out.send(new LoginFailure(service.profile.maintenanceCode()));
            end(DisconnectCause.BUSY, "password checks busy");
        }
    }

    /** The rest of a login once the password was checked (on the hashing pool). */
    private void passwordChecked(Login login, String user, String address, Optional<LoginRecord> verified) {
        if (verified.isEmpty()) {
            log.info("event=pangya_login outcome=invalid_credentials user={} remote={}", LogText.escape(login.username()),
                    out.remote());
            service.failures.failed(user, address);
            fail("invalid_credentials", LoginError.INVALID_CREDENTIALS);
            return;
        }
        // the account's count and this address's count for it; never the address's (an attacker's own
        // account must not reset the address it guesses at others from)
        service.failures.succeeded(user, address);
        Account a = verified.get().account();
        if (a.banned()) {
            log.info("event=pangya_login outcome=banned user={} remote={}", LogText.escape(a.username()), out.remote());
            service.count("banned");
            out.send(new LoginFailure(service.profile.bannedCode()));
            return;
        }
        account = a;
        chatMacros = verified.get().chatMacros();
        if (service.registry.lookup(LoginService.SERVICE, NameRules.key(a.username())).isPresent()) {
            log.info("event=pangya_login outcome=duplicate_connection user={} remote={}", LogText.escape(a.username()), out.remote());
            service.count("duplicate_connection");
            state = State.AWAITING_GHOST_DUPLICATE;
            out.send(new LoginFailure(LoginError.DUPLICATE_CONNECTION));
            return;
        }
        if (service.keys.hasOpenSession(a.id())) {
            log.info("event=pangya_login outcome=stale_session user={} remote={}", LogText.escape(a.username()), out.remote());
            service.count("stale_session");
            state = State.AWAITING_GHOST_STALE;
            out.send(new LoginFailure(LoginError.ALREADY_LOGGED_IN));
            return;
        }
        admit(a);
    }

    /** The client's IP address without the port, for per-address limits. */
    private String host() {
        String r = out.remote();
        int colon = r.lastIndexOf(':');
        String h = colon > 0 ? r.substring(0, colon) : r;
        return h.startsWith("/") ? h.substring(1) : h;
    }

    private void fail(String outcome, long code) {
        service.count(outcome);
        out.send(new LoginFailure(code));
        if (++failures >= MAX_FAILURES) {
            end(DisconnectCause.FAILED_LOGINS, "too many failed attempts");
        }
    }

    /** The password (or Ghost) let the account in: claim it, then first-login setup or the burst. */
    private void admit(Account a) {
        claim(a);
        out.loggedIn();
        if (!a.hasNickname()) {
            state = State.AWAITING_NICKNAME;
            out.send(new NeedNickname());
        } else if (!a.hasCharacter()) {
            state = State.AWAITING_CHARACTER;
            out.send(new NeedCharacter());
        } else {
            burst(a);
        }
    }

    private void claim(Account a) {
        handle = new Handle(NameRules.key(a.username()));
        service.keys.opened(a.id());
        // two logins that raced past the duplicate check: the newer one wins, the older is told to go
        service.registry.claim(handle).ifPresent(previous -> previous.end("replaced by a newer login"));
    }

    private void burst(Account a) {
        account = a;
        state = State.LOGGED_IN;
        service.count("success");
        log.info("event=pangya_login outcome=success user={} userId={} remote={}", LogText.escape(a.username()), a.id(), out.remote());
        out.send(new LoginSuccess(a.username(), a.id(), a.nickname()));
        out.send(new LoginKey(service.keys.issueLoginKey(a.id())));
        out.send(new ChatMacros(chatMacros));
        out.send(new MessageServerList(service.messageServers));
        out.send(new GameServerList(service.gameServers.get()));
    }

    private void checkNickname(String nickname) {
        out.send(new NicknameCheck(nicknameResult(nickname), nickname));
    }

    private long nicknameResult(String nickname) {
        if (NameRules.nicknameProblem(nickname, account.username(), service.profile.charset()).isPresent()) {
            return NICKNAME_NOT_ALLOWED;
        }
        return service.accounts.nicknameTaken(nickname) ? NICKNAME_IN_USE : NicknameCheck.AVAILABLE;
    }

    private void setNickname(String nickname) {
        // the client checks first; a nickname that fails here is a modified client or a lost race, and an
        // 0x000E answer would leave the client stuck: closing lets the player start again
        if (nicknameResult(nickname) != NicknameCheck.AVAILABLE || !service.accounts.setNickname(account.id(), nickname)) {
            end(DisconnectCause.PROTOCOL, "nickname refused at SetNickname");
            return;
        }
        account = new Account(account.id(), account.username(), nickname, account.characterType(), account.hairColour(),
                account.banned());
        log.info("event=pangya_nickname_set user={} userId={}", LogText.escape(account.username()), account.id());
        state = State.AWAITING_CHARACTER;
        out.send(new NeedCharacter());
    }

    private void selectCharacter(SelectCharacter select) {
        if (select.characterType() < FIRST_CHARACTER || select.characterType() > LAST_CHARACTER
                || select.hairColour() > MAX_HAIR) {
            end(DisconnectCause.PROTOCOL, "character not allowed");
            return;
        }
        service.accounts.setCharacter(account.id(), select.characterType(), select.hairColour());
        account = new Account(account.id(), account.username(), account.nickname(), select.characterType(),
                select.hairColour(), account.banned());
        out.send(new CharacterSelected());
        burst(account);
    }

    private void selectServer(long serverId) {
        if (service.gameServer(serverId).isEmpty()) {
            end(DisconnectCause.PROTOCOL, "unknown game server " + serverId);
            return;
        }
        String key = service.keys.issueSessionKey(account, serverId);
        toGameServer = true;
        log.info("event=pangya_select_server user={} serverId={}", LogText.escape(account.username()), serverId);
        out.send(new SessionKey(key));
    }

    private void reconnect(Reconnect r) {
        if (service.maintenance.getAsBoolean()) {
            service.count("maintenance");
            out.send(new LoginFailure(service.profile.maintenanceCode()));
            return;
        }
        // wrong keys count like wrong passwords, in the same counts: guessing a key is guessing a password
        String user = NameRules.key(r.username());
        String address = host();
        if (service.failures.refusedFor(user, address).isPresent()) {
            // the answer of a wrong key, even for the right one: a guesser cannot tell when it hit
            log.info("event=pangya_reconnect outcome=locked_out user={} userId={} remote={}", LogText.escape(r.username()),
                    r.userId(), out.remote());
            fail("reconnect_locked_out", LoginError.BAD_RECONNECT_TOKEN);
            return;
        }
        Optional<Account> found = service.keys.loginKeyValid(r.loginKey(), r.userId())
                ? service.accounts.byId(r.userId())
                        .filter(a -> NameRules.key(a.username()).equals(NameRules.key(r.username())))
                        .filter(a -> !a.banned() && a.hasNickname() && a.hasCharacter())
                : Optional.empty();
        if (found.isEmpty()) {
            log.info("event=pangya_reconnect outcome=bad_token user={} userId={} remote={}", LogText.escape(r.username()),
                    r.userId(), out.remote());
            service.failures.failed(user, address);
            fail("reconnect_refused", LoginError.BAD_RECONNECT_TOKEN);
            return;
        }
        Account a = found.get();
        account = a;
        claim(a);
        out.loggedIn();
        state = State.LOGGED_IN;
        service.count("reconnect");
        log.info("event=pangya_reconnect outcome=success user={} userId={} remote={}", LogText.escape(a.username()), a.id(), out.remote());
        out.send(new LoginKey(service.keys.issueLoginKey(a.id())));
        out.send(new GameServerList(service.gameServers.get()));
        out.send(new MessageServerList(service.messageServers));
    }

    private void reject(ClientPacket packet) {
        log.debug("event=pangya_packet_out_of_state state={} packet=0x{} remote={}", state,
                Integer.toHexString(packet.id()), out.remote());
        end(DisconnectCause.PROTOCOL, "packet 0x" + Integer.toHexString(packet.id()) + " not allowed in " + state);
    }

    private void end(DisconnectCause cause, String reason) {
        state = State.CLOSED;
        out.close(cause, reason);
    }

    State state() {
        return state;
    }
}
