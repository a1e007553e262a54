package dev.revenant.mig33.service.login;

import dev.revenant.core.limits.Attempts;
import dev.revenant.core.limits.LogThrottle;
import dev.revenant.core.limits.LoginAttempts;
import dev.revenant.core.log.LogText;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.core.secret.Tokens;
import dev.revenant.core.store.StoreUnavailableException;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.LoginProofPolicy;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.service.contacts.ContactListService;
import dev.revenant.mig33.service.profile.ProfileService;
import dev.revenant.mig33.session.Captcha;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.PendingLogin;
import dev.revenant.mig33.session.Presence;
import dev.revenant.mig33.session.ShownText;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.NewAccount;
import dev.revenant.mig33.store.SealedPasswords;
import dev.revenant.mig33.web.WebAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration (spec §5) and the challenge-response login (spec §4). */
public final class LoginFlow {
    private static final Logger log = LoggerFactory.getLogger(LoginFlow.class);
    /** An outage meets every login: one line per 10 s says so, with how many were refused. */
    private static final LogThrottle STORE_WARNINGS =
            new LogThrottle(Duration.ofSeconds(10), System::nanoTime);
    static final String BAD_CREDENTIALS = "Username and password do not match";
    /** The registration's date of birth is kept as the client's text ("yyyymmdd"), in at most this many characters. */
    static final int DATE_OF_BIRTH_MAX = 32;
    /** LOGIN_OK field 4: the message of the day is plain text. */
    private static final int ALERT_TEXT = 1;
    /** LOGIN_OK field 27: an ordinary user (not staff, not a merchant). */
    private static final int USER_ORDINARY = 1;
    static final String STORE_DOWN = "The server cannot log you in right now. Please try again in a few minutes.";

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final SecretBox secrets;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WebAddress web;
    private final ContactListService contactList;
    /** Which proofs each client version may send (mig33.loginProofs). */
    private final LoginProofPolicy proofs;

    /** A connection's pending challenge: set by LOGIN, used once by LOGIN_RESPONSE. */

    /** Failed logins per account, per address and per both; the addresses accounts logged in from. */
    private final LoginAttempts failures;
    /**
     * Registration attempts per address (taken names, bad details and wrong captchas included), counted like
     * failures: after the hourly allowance the address waits an hour.
     */
    private final Attempts registrations;

    /**
     * @param failures failed logins, shared with CHANGE_PASSWORD (a wrong old password is a failed login)
     * @param registrations registration attempts per address
     */
    public LoginFlow(Mig33Config config, AccountStore accountStore, SecretBox secrets, Clock clock,
                    MeterRegistry meters, ContactListService contactList, WebAddress web, LoginAttempts failures,
                    Attempts registrations) {
        this.config = config;
        this.accountStore = accountStore;
        this.secrets = secrets;
        this.clock = clock;
        this.meters = meters;
        this.web = web;
        this.contactList = contactList;
        Mig33Config c = config;
        this.proofs = LoginProofPolicy.parse(c.loginProofs());
        this.failures = failures;
        this.registrations = registrations;
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    /** Registers the login's and the registrations' handlers, all served before login. */
    public void register(Dispatch d) {
        d.beforeLogin(Request.NewRegistration.class, this::newRegistration);
        d.beforeLogin(Request.Registration.class, this::registration);
        d.beforeLogin(Request.RegistrationResponse.class, this::registrationResponse);
        d.beforeLogin(Request.Login.class, this::login);
        d.beforeLogin(Request.LoginResponse.class, this::respond);
    }

    /** NEW_REGISTRATION (100), the seed's registration: one packet, answered OK or ERROR. */
    void newRegistration(Mig33Session s, Request.NewRegistration r) {
        String problem = admitRegistration(s);
        if (problem == null) {
            problem = createAccount(s, r.username(), r.password(), r.mobilePhone(), r.displayName(), r.firstName(),
                    r.lastName(), r.dateOfBirth(), r.emailAddress());
        }
        if (problem != null) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, problem));
            return;
        }
        s.send(ServerPackets.registerOk(r.txn(), String.format(config.welcomeMessage(), Usernames.normalize(r.username()))));
    }

    /**
     * REGISTRATION (101), how the real MIDlets (3.08–4.62) register: the answer is a captcha
     * (REGISTRATION_CHALLENGE 102) the user types back with the account's details. The fields the clients
     * send here (screen size) are not needed, and 4.20 and 4.62 send only one of them.
     */
    void registration(Mig33Session s, Request.Registration r) {
        if (!config.registrationOpen()) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, "Registration is closed on this server"));
            return;
        }
        // no picture is drawn for an address that has used up its attempts (the answer would be refused)
        Optional<Duration> wait = registrations.refusedFor(registrationKey(s));
        if (wait.isPresent()) {
            meters.counter("revenant.mig33.rate_limited", "what", "registration").increment();
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, tooManyRegistrations(wait.get())));
            return;
        }
        Captcha captcha = Captcha.next(config.registrationCaptcha());
        s.registering(captcha);
        s.send(ServerPackets.registrationChallenge(r.txn(), "", captcha.id(), captcha.png()));
    }

    /**
     * REGISTRATION_RESPONSE (103: 1 username, 2 password, 3 mobile phone, 4 captcha id, 5 the letters typed,
     * 8 date of birth): OK with the welcome text, or REGISTRATION_ERROR (104) with why and a new captcha, as
     * the clients expect. A captcha answers one response only.
     */
    void registrationResponse(Mig33Session s, Request.RegistrationResponse r) {
        Captcha captcha = s.takeCaptcha();
        if (!config.registrationOpen()) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, "Registration is closed on this server"));
            return;
        }
        String problem = admitRegistration(s);
        if (problem == null
                && (captcha == null || !captcha.id().equals(r.captchaId()) || !captcha.answeredBy(r.captchaResponse()))) {
            meters.counter("revenant.mig33.registrations.refused", "why", "captcha").increment();
            problem = "Please enter the letters shown in the picture";
        }
        if (problem == null) {
            problem = createAccount(s, r.username(), r.password(), r.mobilePhone(), null, null, null, r.dateOfBirth(), null);
        }
        if (problem != null) {
            refuseRegistration(s, r, problem);
            return;
        }
        s.send(ServerPackets.ok(r.txn(), String.format(config.welcomeMessage(), Usernames.normalize(r.username()))));
    }

    private void refuseRegistration(Mig33Session s, Request r, String why) {
        Captcha next = Captcha.next(config.registrationCaptcha());
        s.registering(next);
        s.send(ServerPackets.registrationError(r.txn(), why, next.id(), next.png()));
    }

    private static String registrationKey(Mig33Session s) {
        return "ip:" + s.connection().remoteHost();
    }

    private static String tooManyRegistrations(Duration wait) {
        return "Too many registrations from your network. Try again in " + seconds(wait) + " seconds.";
    }

    /**
     * Whether a registration attempt may go on: open, and within the address's allowance. Every attempt that
     * goes on is counted, whatever its answer ("taken" tells a name exists: probing names costs the allowance).
     * Null, or what the user is told.
     */
    private String admitRegistration(Mig33Session s) {
        if (!config.registrationOpen()) {
            return "Registration is closed on this server";
        }
        String address = registrationKey(s);
        Optional<Duration> wait = registrations.refusedFor(address);
        if (wait.isPresent()) {
            meters.counter("revenant.mig33.rate_limited", "what", "registration").increment();
            return tooManyRegistrations(wait.get());
        }
        registrations.failed(address);
        return null;
    }

    /**
     * The rules both registrations share, once admitted: a valid name and password (spec §5) and details, not
     * taken. Creates the account; returns null, or what the user is told.
     */
    private String createAccount(Mig33Session s, String rawUsername, String password, String mobile,
                                 String displayName, String firstName, String lastName, String dateOfBirth, String email) {
        String username = Usernames.normalize(rawUsername);
        String problem = Usernames.problem(username);
        if (problem == null) {
            problem = Usernames.passwordProblem(username, password);
        }
        if (problem == null) {
            problem = ProfileService.detailsProblem(displayName, email, mobile, firstName, lastName);
        }
        if (problem == null && dateOfBirth != null && dateOfBirth.length() > DATE_OF_BIRTH_MAX) {
            problem = "Invalid date of birth";
        }
        if (problem != null) {
            return problem;
        }
        NewAccount account = new NewAccount(username, SealedPasswords.seal(secrets, username, password), mobile,
                ShownText.line(displayName), ShownText.line(firstName), ShownText.line(lastName), dateOfBirth, email);
        if (accountStore.create(account, config.defaultGroupName()).isEmpty()) {
            return "Username " + username + " is already taken";
        }
        log.info("event=registered user={} remote={}", LogText.escape(username), s.connection().remoteAddress());
        return null;
    }

    void login(Mig33Session s, Request.Login r) {
        if (s.state() == Mig33Session.State.LOGGED_IN) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, "Already logged in"));
            return;
        }
        int protocolVersion = r.protocolVersion();
        int clientVersion = r.clientVersion();
        if (protocolVersion < config.minProtocolVersion()) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNSUPPORTED_PROTOCOL,
                    "Unsupported protocol version. Please upgrade your client."));
            return;
        }
        if (clientVersion < config.minClientVersion() || proofs.formsFor(clientVersion).isEmpty()) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_INVALID_VERSION,
                    "This client version is too old. Please upgrade your client."));
            return;
        }
        String username = Usernames.normalize(r.username());
        if (username.isEmpty()) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, "Username required"));
            return;
        }
        if (username.length() > Usernames.MAX_STORED) {
            // no account has such a name: refused before it takes room in the failure table
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, "Invalid username"));
            return;
        }
        if (config.maintenance()) {
            s.send(ServerPackets.loginNotify(r.txn(), config.maintenanceNotice()));
            return;
        }
        // refused whether or not the account exists, so the answer reveals nothing about it
        Optional<Duration> wait = failures.refusedFor(username, s.connection().remoteHost());
        if (wait.isPresent()) {
            meters.counter("revenant.mig33.rate_limited", "what", "login").increment();
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED,
                    "Too many failed logins. Try again in " + seconds(wait.get()) + " seconds."));
            return;
        }
        Optional<Account> account;
        try {
            account = accountStore.find(username);
        } catch (StoreUnavailableException e) {
            long held = STORE_WARNINGS.admit();
            if (held >= 0) {
                log.warn("event=login_store_unavailable reason=\"{}\" also_refused_since_last_line={}", LogText.escape(e.getMessage()), held);
            }
            s.send(ServerPackets.loginNotify(r.txn(), STORE_DOWN));
            return;
        }
        // a challenge whether or not the user exists, so that logins do not reveal which names exist
        String challenge = Tokens.alphanumeric(12);
        s.challenged(new PendingLogin(username, account, challenge, Presence.atLogin(r.initialPresence()), clientVersion));
        String sessionId = s.connection().sessionId();
        s.send(ServerPackets.loginChallenge(r.txn(), sessionId != null ? sessionId : Tokens.hex(32), challenge));
    }

    void respond(Mig33Session s, Request.LoginResponse r) {
        PendingLogin waiting = s.takePending();
        if (waiting == null) {
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, "Send LOGIN first"));
            return;
        }
        int proof = r.passwordHash() == null ? 0 : r.passwordHash();
        // a sealed password opens only in its own account's row
        Optional<String> password = waiting.account().flatMap(a -> SealedPasswords.open(secrets, a.username(),
                a.passwordSealed()));
        boolean ok = password.isPresent() && proofs.accepts(waiting.clientVersion(), waiting.challenge(),
                password.get(), proof);
        if (!ok || r.passwordHash() == null) {
            meters.counter("revenant.mig33.login.failures").increment();
            failures.failed(waiting.username(), s.connection().remoteHost());
            log.info("event=login_failed user={} remote={}", LogText.escape(waiting.username()), s.connection().remoteAddress());
            s.resetLogin();
            s.send(ServerPackets.loginBadResponse(r.txn(), BAD_CREDENTIALS));
            return;
        }
        Account account = waiting.account().get();
        // the account's count and this address's count for it, not the address's: see LoginThrottle
        failures.succeeded(waiting.username(), s.connection().remoteHost());
        // a banned user is told only after the right password, as the original did: the answer tells
        // nobody else that the account exists or is banned
        if (accountStore.ban(account.id(), clock.instant()).isPresent()) {
            meters.counter("revenant.mig33.login.banned").increment();
            log.info("event=login_refused_banned user={} remote={}", LogText.escape(account.username()),
                    s.connection().remoteAddress());
            s.resetLogin();
            s.send(ServerPackets.error(r.txn(), ServerPackets.ERROR_UNDEFINED, Mig33Context.SUSPENDED));
            return;
        }
        Mig33Config c = config;
        s.loggedIn(account, waiting.presence(), waiting.clientVersion());
        // MobileVerified 0 sends every client generation to an activation screen; no SMS gateway stands
        // behind this server, so there is no code to send: every account counts as verified
        s.send(ServerPackets.loginOk(r.txn(), new ServerPackets.LoginOk(c.exchangeRate(), c.currency(),
                c.voiceServer(), 3, c.messageOfTheDay(), true, account.mobilePhone() == null ? "" : account.mobilePhone()),
                new ServerPackets.ClientFields(ALERT_TEXT, account.contactListVersion(), web.imageServerUrl(), web.pageletUrl(), USER_ORDINARY, 1,
                        web.reputationImagePath())));
        contactList.followAll(s);
        s.publishPresence();
    }
}
