package dev.revenant.mig33.service.profile;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.limits.LoginAttempts;
import dev.revenant.core.log.LogText;
import dev.revenant.core.secret.SecretBox;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.ShownText;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.Profile;
import dev.revenant.mig33.store.ProfileStore;
import dev.revenant.mig33.store.SealedPasswords;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's own status message and display picture (SET_STATUS_MESSAGE 601; SET_DISPLAY_PICTURE 602 is
 * checked by Pictures; pushed as STATUS_MESSAGE 421 / DISPLAY_PICTURE 423 to contacts allowed to see the user), the profile
 * (GET_USER_PROFILE 905, UPDATE_USER_PROFILE 907) and CHANGE_PASSWORD 908.
 */
public final class ProfileService {
    private static final Logger log = LoggerFactory.getLogger(ProfileService.class);
    /** Widths of the columns the profile is stored in (migration V1 and V3). */
    static final int NAME_MAX = 64;
    static final int DISPLAY_NAME_MAX = 128;
    static final int EMAIL_MAX = 256;
    static final int PHONE_MAX = 32;
    /** 1900-01-01 UTC: an earlier date of birth is a mistake. */
    static final long EARLIEST_BIRTH = -2_208_988_800_000L;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{0,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final ProfileStore profileStore;
    private final SecretBox secrets;
    private final MessageBus bus;
    private final Clock clock;
    private final MeterRegistry meters;
    /** The login's brute-force throttle: a wrong old password counts as a failed login of the account. */
    private final LoginAttempts failures;

    public ProfileService(Mig33Config config, AccountStore accountStore, ProfileStore profileStore, SecretBox secrets,
                    MessageBus bus, Clock clock, MeterRegistry meters, LoginAttempts failures) {
        this.config = config;
        this.accountStore = accountStore;
        this.profileStore = profileStore;
        this.secrets = secrets;
        this.bus = bus;
        this.clock = clock;
        this.meters = meters;
        this.failures = failures;
    }

    /** Registers the own profile's handlers: status message, profile, password. */
    public void register(Dispatch d) {
        d.loggedIn(Request.SetStatusMessage.class, this::setStatusMessage);
        d.loggedIn(Request.GetUserProfile.class, this::profile);
        d.loggedIn(Request.UpdateUserProfile.class, this::updateProfile);
        d.loggedIn(Request.ChangePassword.class, this::changePassword);
    }

    /** SET_STATUS_MESSAGE (601: 1 text; empty or absent clears it). */
    void setStatusMessage(Mig33Session s, Request.SetStatusMessage r) {
        String text = ShownText.line(r.statusMessage()).strip();
        if (text.length() > config.maxStatusMessageLength()) {
            s.error(r, "Status message too long (at most " + config.maxStatusMessageLength() + " characters)");
            return;
        }
        long now = clock.millis();
        profileStore.setStatusMessage(s.account().id(), text, now);
        s.send(ServerPackets.ok(r.txn(), "Status message set"));
        publish(s, new Push.StatusMessage(s.account().username(), text, now));
    }

    /**
     * Stores the user's display picture reference and pushes DISPLAY_PICTURE to the contacts who see them. */
    public void showDisplayPicture(Mig33Session s, String reference) {
        long now = clock.millis();
        profileStore.setDisplayPicture(s.account().id(), reference, now);
        publish(s, new Push.DisplayPicture(s.account().username(), reference, now));
    }

    /** On the presence topic: only contacts allowed to see the user follow it (Mig33Session#follow). */
    private void publish(Mig33Session s, Push change) {
        bus.publish(Mig33Session.presenceTopic(s.account().username()), change.toDelivery());
    }

    /** GET_USER_PROFILE (905) → USER_PROFILE (906). */
    void profile(Mig33Session s, Request.GetUserProfile r) {
        Optional<Profile> profile = profileStore.profile(s.account().id());
        if (profile.isEmpty()) {
            s.error(r, "No profile");
            return;
        }
        Profile me = profile.get();
        s.send(ServerPackets.userProfile(r.txn(), new ServerPackets.UserProfile(me.displayName(), me.firstName(),
                me.lastName(), me.city(), me.state(), me.countryId(), me.dateOfBirth(), me.gender(), me.email(),
                me.mobilePhone(), me.awayMessage())));
    }

    /**
     * The checks a registration and UPDATE_USER_PROFILE share, so that a client's bad field is answered with
     * what is wrong instead of reaching the store: null when every field given (null: not given) is fine.
     */
    public static String detailsProblem(String displayName, String email, String mobile, String... names) {
        if (tooLong(displayName, DISPLAY_NAME_MAX)) {
            return "Display name too long (at most " + DISPLAY_NAME_MAX + " characters)";
        }
        for (String name : names) {
            if (tooLong(name, NAME_MAX)) {
                return "Names, city and state take at most " + NAME_MAX + " characters";
            }
        }
        if (email != null && !email.isEmpty() && (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches())) {
            return "Invalid e-mail address";
        }
        if (mobile != null && !PHONE.matcher(mobile).matches()) {
            return "Invalid mobile phone: digits with the country code";
        }
        return null;
    }

    /** UPDATE_USER_PROFILE (907): the fields present change, the others stay; any bad field refuses the whole update. */
    void updateProfile(Mig33Session s, Request.UpdateUserProfile r) {
        // what others may see of the profile carries no control or bidi-control characters
        Profile changes = new Profile(ShownText.line(r.displayName()), ShownText.line(r.firstName()),
                ShownText.line(r.lastName()), ShownText.line(r.city()), ShownText.line(r.state()), r.countryId(),
                r.dateOfBirth(), r.gender(), r.emailAddress(), r.mobilePhone(), ShownText.line(r.awayMessage()), null, null);
        String problem = update(s, changes);
        if (problem != null) {
            s.error(r, problem);
            return;
        }
        s.send(ServerPackets.ok(r.txn(), "Profile updated"));
    }

    /**
     * Stores the fields of {@code changes} that are not null (the others stay), unless one is bad: then
     * nothing changes and the answer says what is wrong. UPDATE_USER_PROFILE and the phone's Edit Profile
     * page ({@link SettingsPages}) both come here. Null when stored.
     */
    String update(Mig33Session s, Profile changes) {
        String problem = detailsProblem(changes.displayName(), changes.email(), changes.mobilePhone(), changes.firstName(),
                changes.lastName(), changes.city(), changes.state());
        if (problem == null) {
            problem = profileProblem(changes.awayMessage(), changes.countryId(), changes.dateOfBirth(), changes.gender());
        }
        if (problem == null) {
            profileStore.update(s.account().id(), changes);
        }
        return problem;
    }

    /** UPDATE_USER_PROFILE's own checks, beyond {@link #detailsProblem}. */
    private String profileProblem(String away, Integer country, Long birth, Integer gender) {
        if (tooLong(away, config.maxStatusMessageLength())) {
            return "Away message too long (at most " + config.maxStatusMessageLength() + " characters)";
        }
        if (country != null && country < 0) {
            return "Invalid country";
        }
        if (birth != null && (birth < EARLIEST_BIRTH || birth > clock.millis())) {
            return "Invalid date of birth";
        }
        if (gender != null && (gender < 0 || gender > 2)) {
            return "Gender must be 0 (unspecified), 1 or 2";
        }
        return null;
    }

    private static boolean tooLong(String value, int max) {
        return value != null && value.length() > max;
    }

    /** CHANGE_PASSWORD (908: 1 old, 2 new): OK, or ERROR saying what is wrong. */
    void changePassword(Mig33Session s, Request.ChangePassword r) {
        PasswordChange outcome = changePassword(s, r.oldPassword(), r.newPassword());
        s.send(outcome.done() ? ServerPackets.ok(r.txn(), outcome.text()) : ServerPackets.error(r.txn(), outcome.error(), outcome.text()));
    }

    /** What a password change came to: the text for the user, and the ERROR code when refused (0: changed). */
    record PasswordChange(int error, String text) {
        boolean done() {
            return error == 0;
        }
    }

    /**
     * Changes the session's password, for CHANGE_PASSWORD and the phone's Change Password page
     * ({@link SettingsPages}) alike. The old password is checked as a login would (the lower-cased form
     * counts too); a wrong one counts toward the account's login lockout. The new one follows the
     * registration rules, and is stored sealed, since the login proof needs it in clear.
     */
    PasswordChange changePassword(Mig33Session s, String old, String fresh) {
        String user = s.account().username();
        String host = s.connection().remoteHost();
        Optional<Duration> wait = failures.refusedFor(user, host);
        if (wait.isPresent()) {
            meters.counter("revenant.mig33.rate_limited", "what", "password").increment();
            return refused("Too many wrong passwords. Try again in " + Math.max(1, (wait.get().toMillis() + 999) / 1000) + " seconds.");
        }
        // the session's account may predate an earlier change: ask the store
        Optional<Account> account = accountStore.find(user);
        String stored = account.flatMap(a -> SealedPasswords.open(secrets, a.username(), a.passwordSealed()))
                .orElse(null);
        if (stored == null || !(old.equals(stored) || old.equals(stored.toLowerCase(Locale.ROOT)))) {
            failures.failed(user, host);
            meters.counter("revenant.mig33.password_change.failures").increment();
            log.info("event=password_change_failed user={} remote={}", LogText.escape(user), s.connection().remoteAddress());
            return new PasswordChange(ServerPackets.ERROR_INCORRECT_CREDENTIAL, "Your old password is not correct");
        }
        String problem = Usernames.passwordProblem(user, fresh);
        if (problem != null) {
            return refused(problem);
        }
        accountStore.setPassword(user, SealedPasswords.seal(secrets, user, fresh));
        failures.succeeded(user, host);
        log.info("event=password_changed user={}", LogText.escape(user));
        return new PasswordChange(0, "Your password has been changed.");
    }

    private static PasswordChange refused(String text) {
        return new PasswordChange(ServerPackets.ERROR_UNDEFINED, text);
    }

}
