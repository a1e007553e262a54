package dev.revenant.mig33.service.media;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.log.LogText;
import dev.revenant.core.secret.Tokens;
import dev.revenant.core.session.Delivery;
import dev.revenant.core.session.SessionRegistry;
import dev.revenant.mig33.codec.Request;
import dev.revenant.mig33.codec.ServerPackets;
import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.session.Blocklist;
import dev.revenant.mig33.session.Dispatch;
import dev.revenant.mig33.session.Mig33Context;
import dev.revenant.mig33.session.Mig33Session;
import dev.revenant.mig33.session.StoredDeliveries;
import dev.revenant.mig33.session.Usernames;
import dev.revenant.mig33.store.Account;
import dev.revenant.mig33.store.AccountStore;
import dev.revenant.mig33.store.PendingFile;
import dev.revenant.mig33.store.PictureStore;
import dev.revenant.mig33.store.StoredPicture;
import dev.revenant.mig33.web.WebAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pictures (spec §6): sent to a contact in a MESSAGE (content type 2, or 5 for one already stored; sounds,
 * 3, and videos, 4, travel the same way and are called pictures here for short) and
 * uploaded to one's album with UPLOAD_FILE (504). The server checks that the bytes are a JPEG, PNG or GIF
 * (by their first bytes, not by what the client claims), stores them, and tells the recipient with
 * FILE_RECEIVED (502) where to view them: a URL on the HTTP listener whose last part is an unguessable
 * token. A recipient who is away gets the FILE_RECEIVED at the next login.
 */
public final class Pictures {
    private static final Logger log = LoggerFactory.getLogger(Pictures.class);
    /** MESSAGE field 6 (spec §7). */
    static final int CONTENT_IMAGE = Request.Message.CONTENT_IMAGE;
    static final int CONTENT_AUDIO = Request.Message.CONTENT_AUDIO;
    static final int CONTENT_VIDEO = Request.Message.CONTENT_VIDEO;
    static final int CONTENT_EXISTING_FILE = Request.Message.CONTENT_EXISTING_FILE;
    /** UPLOAD_FILE field 1. */
    static final int FILE_TYPE_IMAGE = Request.UploadFile.FILE_TYPE_IMAGE;
    static final int MAX_DESCRIPTION = 256;
    /** Where the HTTP listener serves pictures: {@code <base URL>/files/<token>}. */
    public static final String FILES_PATH = "/files/";
    /**
     * Where the HTTP listener serves a file's page, which FILE_RECEIVED ("View now?") names:
     * {@code <base URL>/view/<token>}. A page, not the file: 3.00–4.05 fetch that URL over HTTP themselves and
     * show what comes back as a page's text (a picture's bytes, before).
     */
    public static final String VIEW_PATH = "/view/";
    private static final int TOKEN_LENGTH = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{" + TOKEN_LENGTH + "}");
    private static final int BATCH = 200;

    private final Mig33Config config;
    private final AccountStore accountStore;
    private final PictureStore pictureStore;
    private final SessionRegistry registry;
    private final MessageBus bus;
    private final Executor workers;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Blocklist blocklist;
    private final BiConsumer<Mig33Session, String> displayPictureShown;
    private final WebAddress web;

    public Pictures(Mig33Config config, AccountStore accountStore, PictureStore pictureStore,
                    SessionRegistry registry, MessageBus bus, Executor workers, Clock clock, MeterRegistry meters,
                    Blocklist blocklist, WebAddress web,
                    BiConsumer<Mig33Session, String> displayPictureShown) {
        this.config = config;
        this.accountStore = accountStore;
        this.pictureStore = pictureStore;
        this.registry = registry;
        this.bus = bus;
        this.workers = workers;
        this.clock = clock;
        this.meters = meters;
        this.blocklist = blocklist;
        this.web = web;
        this.displayPictureShown = displayPictureShown;
    }

    /** The URL of a stored file itself (a display picture, an uploaded one, a page's picture). */
    public String url(String token) {
        return web.base() + FILES_PATH + token;
    }

    /** The URL of a sent file's page: what FILE_RECEIVED names. */
    public String viewUrl(String token) {
        return web.base() + VIEW_PATH + token;
    }

    /**
     * The stored file a URL of this server names ({@code …/files/<token>} or its page {@code …/view/<token>},
     * whatever host is in front: the phones fetch it through the gateway, OPEN_URL); empty for any other URL.
     */
    public Optional<StoredPicture> fromUrl(String url) {
        String token = tokenOf(url);
        return token == null ? Optional.empty() : find(token);
    }

    /** The file's own URL for a URL of it or of its page, on the same host ({@code …/view/T} → {@code …/files/T}). */
    public static String fileUrlFor(String url) {
        int at = url.lastIndexOf(VIEW_PATH);
        return at < 0 ? url : url.substring(0, at) + FILES_PATH + url.substring(at + VIEW_PATH.length());
    }

    /** Whether a URL has the form of a stored file's or its page's: looking it up reads the store. */
    public static boolean isPictureUrl(String url) {
        return tokenOf(url) != null;
    }

    /** The token ending a {@code …/files/<token>} or {@code …/view/<token>} URL, or null. */
    private static String tokenOf(String url) {
        for (String path : List.of(FILES_PATH, VIEW_PATH)) {
            int at = url.lastIndexOf(path);
            if (at >= 0 && TOKEN.matcher(url.substring(at + path.length())).matches()) {
                return url.substring(at + path.length());
            }
        }
        return null;
    }

    /** A stored picture with its bytes, for the HTTP route; anything that is not a token finds nothing. */
    public Optional<StoredPicture> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return pictureStore.findByToken(token);
    }

    /** The URL of a user's display picture, if they set one (for DISPLAY_PICTURE pushes and contact lists). */
    public Optional<String> displayPicture(int userId) {
        return pictureStore.displayPicture(userId).map(this::url);
    }

    /** Registers the handlers of files: sent to a user, uploaded, set as the display picture. */
    public void register(Dispatch d) {
        d.loggedIn(Request.FileMessage.class, this::send);
        d.loggedIn(Request.UploadFile.class, this::upload);
        d.loggedIn(Request.SetDisplayPicture.class, this::setDisplayPicture);
        d.push(Push.FileReceived.class, (s, f) -> s.send(ServerPackets.fileReceived(f.url(), f.description(), f.source())));
    }

    /** MESSAGE with a file to one user: 4 = recipient, 6 = content type, 8 = the bytes (or a stored file's id). */
    void send(Mig33Session s, Request.FileMessage r) {
        int contentType = r.contentType();
        Account me = s.account();
        long now = clock.millis();
        StoredPicture picture;
        if (contentType == CONTENT_EXISTING_FILE) {
            // an own picture already stored, named by the token of its URL
            String token = r.content() == null ? "" : new String(r.content(), StandardCharsets.UTF_8).strip();
            Optional<StoredPicture> mine = TOKEN.matcher(token).matches()
                    ? pictureStore.describe(token).filter(pic -> pic.ownerId() == me.id()) : Optional.empty();
            if (mine.isEmpty()) {
                s.error(r, "You have no file with that id");
                return;
            }
            picture = mine.get();
        } else {
            String problem = problem(contentType, r.content());
            if (problem != null) {
                s.error(r, problem);
                return;
            }
            picture = null;
        }
        String to = Usernames.normalize(r.destination());
        Optional<Account> recipient = accountStore.find(to);
        if (recipient.isEmpty()) {
            s.error(r, "There is no mig33 user called " + to);
            return;
        }
        if (blocklist.blocks(to, me.username())) {
            // as for a text: the usual OK, and nothing stored or delivered, so the sender learns nothing
            meters.counter("revenant.mig33.pictures", "path", "blocked").increment();
            s.send(ServerPackets.messageAccepted(r.txn(), UUID.randomUUID().toString(), now));
            return;
        }
        // a recipient who is away has at most mig33.maxOfflineMessages notices waiting, like messages; the
        // sender is told before anything is stored
        int most = config.maxOfflineMessages();
        if (registry.lookup(Mig33Context.SERVICE, to).isEmpty() && pictureStore.pendingCount(recipient.get().id()) >= most) {
            meters.counter("revenant.mig33.pictures", "path", "box_full").increment();
            s.error(r, to + "'s message box is full: your file was not kept. Try again once " + to + " has read it.");
            return;
        }
        String full = picture == null ? full(me, r.content().length) : null;
        if (full != null) {
            s.error(r, full);
            return;
        }
        if (picture == null) {
            byte[] bytes = r.content();
            picture = pictureStore.save(me.id(), Tokens.alphanumeric(TOKEN_LENGTH), mediaType(contentType, bytes), bytes,
                    null, false, now);
        }
        StoredPicture sent = picture;
        String guid = UUID.randomUUID().toString();
        int txn = r.txn();
        Delivery notice = new Push.FileReceived(me.username(), viewUrl(sent.token()),
                description(me.username(), sent.contentType(), sent.size())).toDelivery();
        // as a message is: answered and stored after the sender's earlier messages and files
        s.afterEarlierSends(r, bus.deliver(Mig33Context.SERVICE, to, notice).exceptionally(e -> false),
                delivered -> false, delivered -> {
            try {
                if (!delivered) {
                    pictureStore.savePending(recipient.get().id(), sent.id(), me.username(), now);
                }
                meters.counter("revenant.mig33.pictures", "path", delivered ? "online" : "stored").increment();
                s.send(ServerPackets.messageAccepted(txn, guid, now));
            } catch (RuntimeException e) {
                log.warn("event=picture_failed user={} reason=\"{}\"", LogText.escape(me.username()), LogText.escape(e.getMessage()));
                s.error(r, "The picture could not be sent. Please try again.");
            }
            return DONE;
        }, workers);
    }

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /** UPLOAD_FILE (504): 1 = file type, 2 = bytes, 3 = description, 5 = use as display picture. */
    void upload(Mig33Session s, Request.UploadFile r) {
        if (r.fileType() != FILE_TYPE_IMAGE) {
            s.error(r, "Only pictures can be uploaded (JPEG, PNG or GIF)");
            return;
        }
        byte[] bytes = r.content();
        String problem = problem(CONTENT_IMAGE, bytes);
        if (problem != null) {
            s.error(r, problem);
            return;
        }
        String description = r.description().strip();
        if (description.length() > MAX_DESCRIPTION) {
            s.error(r, "Description too long (at most " + MAX_DESCRIPTION + " characters)");
            return;
        }
        Account me = s.account();
        String full = full(me, bytes.length);
        if (full != null) {
            s.error(r, full);
            return;
        }
        long now = clock.millis();
        StoredPicture picture = pictureStore.save(me.id(), Tokens.alphanumeric(TOKEN_LENGTH), imageType(bytes), bytes,
                description.isEmpty() ? null : description, true, now);
        if (r.useAsDisplayPicture()) {
            pictureStore.setDisplayPicture(me.id(), picture.id(), now);
            // the reference contacts get (CONTACT field 28, DISPLAY_PICTURE) is the picture's URL
            displayPictureShown.accept(s, url(picture.token()));
        }
        meters.counter("revenant.mig33.pictures", "path", "uploaded").increment();
        // where it can be seen: the 4.x clients open this address at once, as a page (the picture's own URL
        // showed its bytes as text on the phones that fetch pages themselves)
        s.send(ServerPackets.ok(r.txn(), viewUrl(picture.token())));
    }

    /**
     * SET_DISPLAY_PICTURE (602: 1 = one of the user's own stored pictures, by the URL this server handed out
     * for it or by the token that ends that URL; empty clears). Nothing else is taken: a display picture is
     * shown to every contact, so a {@code javascript:} link or a tracking URL must not become one. Contacts
     * get the picture's URL.
     */
    void setDisplayPicture(Mig33Session s, Request.SetDisplayPicture r) {
        String reference = r.displayPicture().strip();
        if (reference.isEmpty()) {
            displayPictureShown.accept(s, "");
            s.send(ServerPackets.ok(r.txn(), "Display picture cleared"));
            return;
        }
        Account me = s.account();
        String prefix = url("");
        String token = reference.startsWith(prefix) ? reference.substring(prefix.length()) : reference;
        Optional<StoredPicture> mine = reference.length() <= config.maxDisplayPictureLength()
                && TOKEN.matcher(token).matches()
                ? pictureStore.describe(token)
                        .filter(pic -> pic.ownerId() == me.id() && pic.contentType().startsWith("image/"))
                : Optional.empty();
        if (mine.isEmpty()) {
            s.error(r, "A display picture must be one of your own pictures: upload it first");
            return;
        }
        pictureStore.setDisplayPicture(me.id(), mine.get().id(), clock.millis());
        displayPictureShown.accept(s, url(token));
        s.send(ServerPackets.ok(r.txn(), "Display picture set"));
    }

    /** Delivers the FILE_RECEIVED notices that waited for this user; each is deleted once written. */
    public void deliverPending(Mig33Session s) {
        int recipient = s.account().id();
        long after = 0;
        while (true) {
            List<PendingFile> batch = pictureStore.pending(recipient, after, BATCH);
            if (!batch.isEmpty()) {
                after = batch.get(batch.size() - 1).id();
            }
            StoredDeliveries.deliver(batch,
                    f -> s.send(ServerPackets.fileReceived(viewUrl(f.token()), description(f.sender(), f.contentType(), f.size()),
                            f.sender())),
                    f -> pictureStore.delivered(f.id()), config.writeTimeout());
            if (batch.size() < BATCH) {
                return;
            }
        }
    }


    /**
     * Why storing {@code more} bytes is refused: it would take the user past {@code mig33.maxStoredBytesPerUser},
     * or all users together past {@code mig33.maxStoredBytes}; null when it is not.
     */
    private String full(Account me, int more) {
        if (pictureStore.storedBytes(me.id()) + more > config.maxStoredBytesPerUser()) {
            return "Your storage is full (" + config.maxStoredBytesPerUser() / 1024 + " KB): no more files can be kept";
        }
        if (pictureStore.storedBytes() + more > config.maxStoredBytes()) {
            meters.counter("revenant.mig33.pictures", "path", "server_full").increment();
            return "The server's storage for files is full: no more files can be kept for now";
        }
        return null;
    }

    /** Null when the bytes are a file of MESSAGE content type {@code contentType} this server takes, else what is wrong. */
    String problem(int contentType, byte[] bytes) {
        String noun = switch (contentType) {
            case CONTENT_AUDIO -> "sound";
            case CONTENT_VIDEO -> "video";
            default -> "picture";
        };
        if (bytes == null || bytes.length == 0) {
            return "No " + noun + ": the file is empty";
        }
        int max = config.maxUploadBytes();
        if (bytes.length > max) {
            return Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " too large (" + size(bytes.length)
                    + "); at most " + size(max) + " is accepted";
        }
        if (mediaType(contentType, bytes) == null) {
            return switch (contentType) {
                case CONTENT_AUDIO -> "Not a sound: send AMR, MP3, WAV or MIDI";
                case CONTENT_VIDEO -> "Not a video: send 3GP or MP4";
                default -> "Not a picture: send a JPEG, PNG or GIF image";
            };
        }
        return null;
    }

    /** The media type of a file sent as MESSAGE content type 2, 3 or 4, by its magic bytes; null if it is not one. */
    static String mediaType(int contentType, byte[] b) {
        return switch (contentType) {
            case CONTENT_IMAGE -> imageType(b);
            case CONTENT_AUDIO -> audioType(b);
            case CONTENT_VIDEO -> videoType(b);
            default -> null;
        };
    }

    /** Sounds phones of the time recorded or played: AMR voice notes, MP3, WAV, MIDI ringtones. */
    static String audioType(byte[] b) {
        if (startsWith(b, 0, "#!AMR")) {
            return "audio/amr";
        }
        if (startsWith(b, 0, "ID3") || b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0) {
            return "audio/mpeg";
        }
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WAVE")) {
            return "audio/wav";
        }
        if (startsWith(b, 0, "MThd")) {
            return "audio/midi";
        }
        return null;
    }

    /** Videos: the ISO base media file ("ftyp" box first), 3GP from phones or MP4. */
    static String videoType(byte[] b) {
        if (!startsWith(b, 4, "ftyp") || b.length < 12) {
            return null;
        }
        return startsWith(b, 8, "3g") ? "video/3gpp" : "video/mp4";
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (b.length < at + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The image type by the file's magic bytes: image/jpeg, image/png, image/gif, or null. */
    static String imageType(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return "image/png";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8'
                && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return "image/gif";
        }
        return null;
    }

    /**
     * "alice has sent you a picture (12.3 KB). View now?" — the production server's wording (spec §6); a
     * sound or a video is named so, with the same question.
     */
    static String description(String sender, String mediaType, int bytes) {
        String noun = mediaType.startsWith("audio/") ? "a sound" : mediaType.startsWith("video/") ? "a video" : "a picture";
        return sender + " has sent you " + noun + " (" + size(bytes) + "). View now?";
    }

    /** Sizes under 1024 in bytes, larger in KB with one decimal. */
    static String size(int bytes) {
        return bytes < 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

}
