package dev.revenant.midlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.client.Mig33Exception;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generation of the original mig33 MIDlet, unmodified, against a real server: the first start with
 * its connection test, a typed login, the contact list with a contact's live presence (away, busy,
 * invisible), a private message from a second user reaching the phone, contacts added and accepted on the
 * phone and on other users' clients, the own status message, and never an ERROR the phone did not ask for.
 */
class RealClientTest {
    static final String PASSWORD = "S3cretPass1";
    @TempDir Path data;
    /** Where the newcomer's patched copy is written. */
    @TempDir Path patched;

    static Stream<String> versions() {
        Path clients = Mig33Phone.clients();
        if (!Files.isDirectory(clients)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("the original MIDlets are missing: " + clients.toAbsolutePath());
            }
            Assumptions.abort("the original MIDlets are not beside the checkout (" + clients + ")");
        }
        // -Drevenant.midlets.versions=4.20,4.62 runs only those generations (while working on one)
        String only = System.getProperty("revenant.midlets.versions", "");
        return Mig33Phone.versions().stream().filter(v -> only.isBlank() || List.of(only.split(",")).contains(v));
    }

    static Path reports(String version) {
        return Path.of(System.getProperty("revenant.midlets.reports", "target/midlet-reports"), version);
    }

    /**
     * The flows of a day's chat, in the order a user meets them; each step says what it checks, and a
     * failure names the step and leaves the phone's screen and the conversation in the report.
     */
    private void logInAndChat(String version, Gateway gateway, Mig33Phone phone, Mig33Client bob) {
        step(version, "typed login, after the first start's connection test", () -> {
            phone.firstStartAndLogIn("alice", PASSWORD);
            phone.toContactList("bob");
            phone.report(reports(version), "contact-list");
        });
        step(version, "contact list with bob's live presence", () ->
                // the server told the phone that bob is online, in the contact list or as a push
                assertThat(gateway.tap.seen()).anySatisfy(s -> {
                    Packet p = s.packet();
                    assertThat(s.fromClient()).isFalse();
                    assertThat(p.type()).isIn(PacketType.CONTACT, PacketType.PRESENCE);
                    assertThat(p.integer(p.type() == PacketType.CONTACT ? 13 : 2, 0)).isEqualTo(1);
                }));
        step(version, "the message bob left while alice was away, delivered at her login", () ->
                gateway.tap.await("the offline message on the phone's connection", s -> !s.fromClient()
                        && s.packet().type() == PacketType.MESSAGE && OFFLINE.equals(s.packet().string(8, "")),
                        Mig33Phone.STEP));
        if (version.compareTo("4.05") < 0) {
            absent(version, "bob's new status message in alice's contact list", "3.x have no status messages");
        } else {
            step(version, "bob's new status message in alice's contact list", () -> {
                bob.call(bob.request(PacketType.SET_STATUS_MESSAGE).string(1, STATUS).build());
                phone.awaitText(STATUS);
            });
        }
        step(version, "a message from bob while alice is in the contact list", () -> {
            bob.call(bob.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "alice")
                    .int16(6, 1).string(8, FROM_BOB).build());
            gateway.tap.await("bob's message on the phone's connection", s -> !s.fromClient()
                    && s.packet().type() == PacketType.MESSAGE && FROM_BOB.equals(s.packet().string(8, "")),
                    Mig33Phone.STEP);
        });
        step(version, "the private chat with bob, his message in it", () -> {
            phone.openChatWith("bob", FROM_BOB);
        });
        step(version, "alice writes to bob from the phone", () -> {
            phone.write(FROM_ALICE);
            Packet got = bob.await(p -> p.type() == PacketType.MESSAGE && FROM_ALICE.equals(p.string(8, "")),
                    "alice's message");
            assertThat(got.string(2, "")).isEqualTo("alice");
            phone.report(reports(version), "chat");
        });
        if (version.startsWith("3.")) {
            // 3.x: from the contact list as the chat left it (after the contact steps, 3.08's fire key on the
            // list's Chat Rooms line opened the list's menu instead)
            chatRooms(version, gateway, phone, bob);
            contactsAndPresence(version, gateway, phone, bob);
        } else {
            contactsAndPresence(version, gateway, phone, bob);
            chatRooms(version, gateway, phone, bob);
        }
        int[] groupChatStart = new int[1];
        step(version, "a group chat bob starts: its tab on the phone, his line in it, alice's line to the group", () -> {
            groupChatStart[0] = gateway.tap.mark();
            String id = bob.createGroupChat("alice").string(1, "");
            bob.sendToGroupChat(id, IN_GROUP_FROM_BOB);
            phone.openTabShowing(IN_GROUP_FROM_BOB);
            written(phone, bob, IN_GROUP_FROM_ALICE, id, "alice's line in the group chat");
            phone.report(reports(version), "group-chat");
        });
        step(version, "a picture bob sends: the phone asks whether to view it (FILE_RECEIVED), Yes opens its address and the page shows (4.20+: the picture in it)", () -> {
            // sent once the phone has its answers to alice's line (the OK, the chat icon it asked for with it) and
            // its display holds still, as a picture comes a moment later: 4.50 once never showed the question for a
            // FILE_RECEIVED that came 15 µs after the icon's OPEN_URL_RESPONSE, though the tap saw it go out
            phone.phone.await("the phone's requests answered", x -> answered(gateway, groupChatStart[0]),
                    Duration.ofSeconds(5), false);
            phone.phone.settle();
            int mark = gateway.tap.mark();
            bob.sendPicture("alice", PICTURE);
            String url = gateway.tap.awaitAfter(mark, "the FILE_RECEIVED for bob's picture", s -> !s.fromClient()
                    && s.packet().type() == PacketType.FILE_RECEIVED, Mig33Phone.STEP).packet().string(5, "");
            phone.viewReceivedFile("bob has sent you");
            // 4.x ask the gateway for the page (OPEN_URL); 3.x fetch it over HTTP themselves
            phone.phone.await("the picture's address opened", x -> phone.phone.dialled().contains(url)
                    || gateway.tap.seen().stream().skip(mark).anyMatch(seen -> seen.fromClient()
                            && seen.packet().type() == PacketType.OPEN_URL && url.equals(seen.packet().string(2, ""))),
                    Mig33Phone.STEP);
            // the page's text (4.x), or its title (3.x paint a page's text letter by letter, which the harness
            // does not read: their screenshot shows it); the picture's bytes came out as text before
            List<String> page = phone.phone.await("the picture's page", x -> Mig33Phone.has(x, PICTURE_PAGE) || x.contains("Picture")
                    || Mig33Phone.has(x, "Error"), Mig33Phone.STEP);
            assertThat(page).as("the page the phone shows").noneMatch(l -> l.contains("Error") || l.contains("PNG"));
            if (!version.startsWith("3.") && !version.equals("4.05")) {
                // the page's <img>: the browser asks for the picture itself at once (OPEN_URL for an image)
                // and gets its bytes
                String file = url.replace("/view/", "/files/");
                Packet asked = gateway.tap.awaitAfter(mark, "the phone asking for the picture in the page", s -> s.fromClient()
                        && s.packet().type() == PacketType.OPEN_URL && file.equals(s.packet().string(2, ""))
                        && s.packet().integer(4, 0) == 2, Mig33Phone.STEP).packet();
                gateway.tap.awaitAfter(mark, "the picture for the phone", s -> !s.fromClient()
                        && s.packet().type() == PacketType.OPEN_URL_RESPONSE && s.packet().txn() == asked.txn()
                        && java.util.Arrays.equals(s.packet().raw(2), PICTURE), Mig33Phone.STEP);
            }
            phone.report(reports(version), "picture");
        });
        // a web page, as the original's was (4.20 and later open it through the gateway, 3.x and 4.05 fetch the
        // account page GET_URL 4 names over HTTP themselves); none of these clients sends CHANGE_PASSWORD
        step(version, "alice changes her password on the phone (Change Password: the page's form): the new one logs in elsewhere, the old one no longer", () -> {
            phone.backToContactList("bob");
            int mark = gateway.tap.mark();
            phone.openChangePassword("alice", "bob");
            phone.submitForm("Change", PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
            if (version.startsWith("3.") || version.equals("4.05")) {
                String account = accountAddress(gateway);
                phone.phone.await("the form's page opened", x -> phone.phone.dialled().contains(account + "/password"),
                        Mig33Phone.STEP);
            } else {
                awaitFormPosted(gateway, mark, "new=" + NEW_PASSWORD);
            }
            // 3.x: the page's title (they paint its wrapped text letter by letter, which the harness does not read)
            awaitPageSays(phone, version.startsWith("3.") ? "Password changed" : "Your password has been changed.");
            phone.report(reports(version), "change-password");
            try (Mig33Client old = Mig33Client.connect(gateway.mig33())) {
                assertThatThrownBy(() -> old.login("alice", PASSWORD)).as("a login with the old password")
                        .isInstanceOf(Mig33Exception.class);
            }
            if (version.startsWith("3.")) {
                // 3.08 showed the next login's "logged in from another location" over the page with no way on
                phone.backToContactList("bob");
            }
        });
        step(version, "bob logs out: the phone is told he is offline", () -> {
            int bobId = contactId(gateway, "bob");
            int mark = gateway.tap.mark(); // bob was invisible (offline to others) before: only what comes now counts
            bob.close();
            gateway.tap.awaitAfter(mark, "bob's PRESENCE offline", s -> !s.fromClient() && s.packet().type() == PacketType.PRESENCE
                    && s.packet().integer(1, 0) == bobId && s.packet().integer(2, 0) == 99, Mig33Phone.STEP);
        });
        step(version, "a second login elsewhere ends the phone's session, and the phone says why", () -> {
            try (Mig33Client elsewhere = gateway.login("alice", NEW_PASSWORD)) {
                phone.awaitText("another location");
                phone.report(reports(version), "logged-in-elsewhere");
                // the password the phone remembers again, for its next login
                assertThat(elsewhere.changePassword(NEW_PASSWORD, PASSWORD).type()).isEqualTo(PacketType.OK);
            }
        });
        step(version, "a login with the password the phone remembers", () -> {
            List<String> dialog = phone.screen();
            // the dialog's soft keys come a moment after its text (3.08 shows a blank one first)
            phone.phone.await("the dialog's commands", s -> phone.phone.commands().stream().anyMatch(c -> !c.isBlank()),
                    Mig33Phone.STEP);
            List<String> commands = phone.phone.commands();
            phone.command(commands.contains("Back") ? "Back"
                    : commands.stream().filter(c -> !c.isBlank()).findFirst().orElseThrow());
            phone.phone.await("the dialog to close", s -> !s.equals(dialog), Mig33Phone.STEP);
            phone.logInWithRememberedPassword();
        });
        // last: the page stays shown
        if (version.startsWith("3.")) {
            step(version, "alice's own profile (My Profile): the address asked of the gateway (GET_URL 3), the page fetched over HTTP and shown", () -> {
                int mark = gateway.tap.mark();
                phone.openOwnProfile();
                gateway.tap.awaitAfter(mark, "the phone's GET_URL for its own profile", s -> s.fromClient()
                        && s.packet().type() == PacketType.GET_URL && s.packet().integer(1, 0) == 3, Mig33Phone.STEP);
                // the page's title, or the phone's own page where it could not load it
                List<String> page = phone.phone.await("the profile page or the phone's error page",
                        s -> s.contains("Profile") || s.contains("Error"), Mig33Phone.STEP);
                assertThat(page).as("the page the phone showed").contains("Profile").doesNotContain("Error");
                phone.report(reports(version), "own-profile");
            });
        }
        step(version, "no ERROR the phone did not ask for (each pops up a dialog)", () -> {
            List<String> errors = gateway.tap.seen().stream()
                    .filter(s -> !s.fromClient() && s.packet().type() == PacketType.ERROR)
                    .map(Object::toString).toList();
            assertThat(errors).as("ERROR packets sent to the phone").isEmpty();
        });
        step(version, "no request the phone repeats for ever (an answer it did not take)", () -> {
            Map<String, Long> asked = gateway.tap.seen().stream()
                    .filter(s -> s.fromClient() && s.packet().type() == PacketType.OPEN_URL)
                    .collect(java.util.stream.Collectors.groupingBy(s -> s.packet().string(2, "?") + " for "
                            + s.packet().integer(4, 0), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
            flows(version, "        OPEN_URL asked: " + asked);
            // a picture the phone could not take is asked for at every repaint: 4.30+ asked ~85 times for
            // one called "null" while LOGIN_OK lacked field 32
            assertThat(asked).as("how often the phone asked for each URL").allSatisfy((url, times) ->
                    assertThat(times).as(url).isLessThanOrEqualTo(MAX_ASKED));
        });
    }

    /**
     * Chat rooms on the phone: the busy room joined (4.x from the rooms tab, 3.x from the list's own Chat
     * Rooms line), a participant's line read and one written, the room's participant list with a vote to
     * kick, and leaving the room.
     */
    private void chatRooms(String version, Gateway gateway, Mig33Phone phone, Mig33Client bob) {
        step(version, "chat rooms: the busy room listed (Popular now; 4.05: Suggested rooms; 3.x: the list's Chat Rooms), "
                + "found by Search, joined, a line read and one written", () -> {
            bob.joinChatRoom(ROOM);
            int mark = gateway.tap.mark();
            List<String> found;
            if (version.startsWith("3.")) {
                phone.backToContactList("bob");
                found = phone.joinRoomFromList(ROOM, ROOM_SEARCH);
            } else {
                found = phone.joinRoomFromCommunity(ROOM, ROOM_SEARCH);
            }
            assertThat(found).as("the rooms found on the phone").anyMatch(l -> l.contains(ROOM))
                    .noneMatch(l -> l.contains(OTHER_ROOM));
            // 3.x and 4.05 search themselves (GET_CHATROOMS with the text), 4.20 and later post the search
            // page's form (OPEN_URL)
            gateway.tap.awaitAfter(mark, "the phone's search", s -> s.fromClient()
                    && (s.packet().type() == PacketType.GET_CHATROOMS && ROOM_SEARCH.equals(s.packet().string(1, ""))
                    || s.packet().type() == PacketType.OPEN_URL && ("q=" + ROOM_SEARCH).equals(s.packet().string(3, ""))),
                    Mig33Phone.STEP);
            gateway.tap.await("the phone's JOIN_CHATROOM", s -> s.fromClient()
                    && s.packet().type() == PacketType.JOIN_CHATROOM && ROOM.equals(s.packet().string(1, "")),
                    Mig33Phone.STEP);
            phone.awaitText("Welcome to " + ROOM);
            bob.sendRoomMessage(ROOM, IN_ROOM_FROM_BOB);
            phone.awaitText(IN_ROOM_FROM_BOB);
            written(phone, bob, IN_ROOM_FROM_ALICE, ROOM, "alice's line in the room");
            phone.report(reports(version), "chat-room");
        });
        step(version, "the room's participant list and a vote to kick a participant", () -> {
            try (Mig33Client erin = gateway.login("erin", PASSWORD)) {
                erin.joinChatRoom(ROOM);
                phone.awaitText("erin has entered");
                phone.voteToKick("erin");
                Packet list = gateway.tap.await("the room's participants for the phone", s -> !s.fromClient()
                        && s.packet().type() == PacketType.CHATROOM_PARTICIPANTS, Mig33Phone.STEP).packet();
                assertThat(list.string(2, "").split(";")).contains("alice", "bob", "erin");
                Packet vote = gateway.tap.await("the phone's KICK_CHATROOM_PARTICIPANT", s -> s.fromClient()
                        && s.packet().type() == PacketType.KICK_CHATROOM_PARTICIPANT, Mig33Phone.STEP).packet();
                assertThat(vote.string(1, "")).isEqualTo(ROOM);
                assertThat(vote.string(2, "")).isEqualTo("erin");
                // three in the room: alice's vote is one of the two needed, and the room is told
                phone.awaitText("(1 of 2 votes)");
                bob.kickFromChatRoom(ROOM, "erin");
                phone.awaitText("of the room by bob");
                phone.report(reports(version), "kick-vote");
            }
        });
        step(version, "leaving the room: Close Chat (3.x, 4.05: Leave Room)", () -> {
            phone.closeChat();
            gateway.tap.await("the phone's LEAVE_CHATROOM", s -> s.fromClient()
                    && s.packet().type() == PacketType.LEAVE_CHATROOM && ROOM.equals(s.packet().string(1, "")),
                    Mig33Phone.STEP);
            bob.await(p -> p.type() == PacketType.MESSAGE && p.string(8, "").equals("alice has left"),
                    "alice leaving, in the room");
        });
    }

    /** Writes {@code text} in the chat the phone shows; bob gets it, sent to {@code destination} (a room, a group chat). */
    private static void written(Mig33Phone phone, Mig33Client bob, String text, String destination, String what) {
        phone.write(text);
        Packet got = bob.await(p -> p.type() == PacketType.MESSAGE && text.equals(p.string(8, "")), what);
        assertThat(got.string(4, "")).isEqualTo(destination);
    }

    /** Every request the phone sent since tap mark {@code from} has its answer (matched by connection and txn). */
    private static boolean answered(Gateway gateway, int from) {
        java.util.Set<String> waiting = new java.util.HashSet<>();
        for (WireTap.Seen seen : gateway.tap.seen().stream().skip(from).toList()) {
            int txn = seen.packet().txn();
            if (txn != 0) {
                String key = seen.connection() + "/" + txn;
                if (seen.fromClient()) {
                    waiting.add(key);
                } else {
                    waiting.remove(key);
                }
            }
        }
        return waiting.isEmpty();
    }

    /** The most a phone may ask for one URL in a scenario (display pictures: 4 times on 4.50). */
    static final long MAX_ASKED = 6;
    /**
     * Contacts and presence on the phone, in the contact list the chat returns to: bob's away, busy and
     * invisible presence shown live, carol added from the phone's menus and accepting on her client (first:
     * the own line's menu in 4.05 has no Add a Friend), alice's own status message set on the phone and seen
     * by bob (before dave's request: its notice and accept leave the 4.10+ list's focus where the own line
     * is not told apart from a contact's), and last dave's request to alice accepted on the phone.
     */
    private void contactsAndPresence(String version, Gateway gateway, Mig33Phone phone, Mig33Client bob) {
        step(version, "bob goes away, busy, invisible and back: the phone is told each (PRESENCE 4, 3, 99, 1) and its icon shows it", () -> {
            phone.backToContactList("bob");
            phone.awaitLine("bob");
            int online = phone.awaitPresenceIcon("bob", "bob's line in the list", icon -> icon != 0);
            int away = presence(gateway, phone, bob, 4, "away", icon -> icon != online);
            int busy = presence(gateway, phone, bob, 3, "busy", icon -> icon != online && icon != away);
            // invisible: offline to everyone else (the offline icon, or bob's line gone where offline contacts are hidden)
            int offline = presence(gateway, phone, bob, 99, "offline", icon -> icon != online && icon != away && icon != busy);
            // (the list may scroll at the first change: the four after it are told apart from each other)
            presence(gateway, phone, bob, 1, "online again", icon -> icon != away && icon != busy && icon != offline);
        });
        step(version, "alice adds carol from the phone's menus; carol gets the request and accepts; the phone lists carol", () -> {
            try (Mig33Client carol = gateway.login("carol", PASSWORD)) {
                int mark = gateway.tap.mark();
                phone.addContact("carol");
                gateway.tap.awaitAfter(mark, "the phone's ADD_CONTACT for carol", s -> s.fromClient()
                        && s.packet().type() == PacketType.ADD_CONTACT && "carol".equals(s.packet().string(12, "")),
                        Mig33Phone.STEP);
                // carol's client is a 4.20: told by a NOTIFICATION (4.10 and later have no request screen)
                carol.await(p -> p.type() == PacketType.NOTIFICATION && p.string(1, "").startsWith("alice has added you"),
                        "alice's contact request");
                assertThat(carol.acceptContactRequest("alice", false, 0).type()).isEqualTo(PacketType.OK);
                int carolId = contactId(gateway, "carol");
                gateway.tap.awaitAfter(mark, "carol's PRESENCE online, now that she accepted", s -> !s.fromClient()
                        && s.packet().type() == PacketType.PRESENCE && s.packet().integer(1, 0) == carolId
                        && s.packet().integer(2, 0) == 1, Mig33Phone.STEP);
                phone.awaitText("carol");
                phone.report(reports(version), "contact-added");
            }
        });
        if (version.compareTo("4.05") < 0) {
            absent(version, "alice's status message set on the phone, seen by bob",
                    "3.x send no SET_STATUS_MESSAGE (601): they have no status messages");
        } else {
            step(version, "alice's status message set on the phone, seen by bob", () -> {
                phone.setStatusMessage("alice", "bob", ALICE_STATUS);
                gateway.tap.await("the phone's SET_STATUS_MESSAGE", s -> s.fromClient()
                        && s.packet().type() == PacketType.SET_STATUS_MESSAGE && ALICE_STATUS.equals(s.packet().string(1, "")),
                        Mig33Phone.STEP);
                Packet got = bob.await(p -> p.type() == PacketType.STATUS_MESSAGE && ALICE_STATUS.equals(p.string(2, "")),
                        "alice's status message");
                assertThat(got.integer(1, 0)).as("alice's contact id in bob's list").isPositive();
            });
        }
        step(version, "alice sets her own presence on the phone (Set Presence): away, busy, appear offline, online; bob is told each (PRESENCE 4, 3, 99, 1)", () -> {
            bob.forget(p -> p.type() == PacketType.PRESENCE);
            for (var presence : List.of(Map.entry("Away", 4), Map.entry("Busy", 3), Map.entry("Appear Offline", 99),
                    Map.entry("Online", 1))) {
                int mark = gateway.tap.mark();
                phone.setPresence("alice", "bob", presence.getKey());
                gateway.tap.awaitAfter(mark, "the phone's SET_PRESENCE " + presence.getValue(), s -> s.fromClient()
                        && s.packet().type() == PacketType.SET_PRESENCE && s.packet().integer(1, 0) == presence.getValue(),
                        Mig33Phone.STEP);
                bob.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == presence.getValue(),
                        "alice " + presence.getKey().toLowerCase(java.util.Locale.ROOT));
            }
        });
        if (!version.startsWith("3.")) {
            // 4.05 asks for its address (GET_URL 3) and fetches it itself; 4.20 and 4.30 ask the gateway for
            // /my/profile/, 4.50 and 4.62 for the web site's c=profile&a=home (OPEN_URL)
            step(version, "alice's own profile from her own line's menu (My Profile): the page asked of the gateway and shown", () -> {
                int mark = gateway.tap.mark();
                phone.openOwnProfileFromOwnLine("alice", "bob");
                gateway.tap.awaitAfter(mark, "the phone's request for its own profile", s -> s.fromClient()
                        && ((s.packet().type() == PacketType.GET_URL && s.packet().integer(1, 0) == 3)
                        || (s.packet().type() == PacketType.OPEN_URL && (s.packet().string(2, "").contains("c=profile")
                                || s.packet().string(2, "").contains("/my/profile/")))),
                        Mig33Phone.STEP);
                List<String> page = phone.phone.await("the profile page or an error", x -> x.contains("Profile")
                        || Mig33Phone.has(x, "Error"), Mig33Phone.STEP);
                assertThat(page).as("the page the phone showed").contains("Profile", "alice").noneMatch(l -> l.contains("Error"));
                phone.report(reports(version), "own-profile");
                // back to the list: 4.05 shows a contact request there, not over the profile's tab
                phone.backToContactList("bob");
            });
        }
        // a web page, as the original's was: 4.20 and later open it through the gateway, 4.05 asks for its
        // address (GET_URL 12) and 3.x for the account page's (GET_URL 4), and fetch it themselves; none of
        // them sends UPDATE_USER_PROFILE
        step(version, "alice edits her profile on the phone (Edit Profile: the page's form, Save): bob sees her new display name on her profile page", () -> {
            int mark = gateway.tap.mark();
            phone.openEditProfile("alice", "bob");
            phone.submitForm("Save", DISPLAY_NAME);
            if (version.startsWith("3.") || version.equals("4.05")) {
                assertThat(phone.phone.dialled()).as("the addresses the phone opened").contains(accountAddress(gateway) + "/profile");
            } else {
                awaitFormPosted(gateway, mark, "displayName=");
            }
            awaitPageSays(phone, version.startsWith("3.") ? "Profile saved" : "Your profile has been saved.");
            phone.report(reports(version), "edit-profile");
            assertThat(bob.openPage("http://gateway.mig33.com/sites/index.php?c=profile&a=home&v=midlet&username=alice"))
                    .as("alice's profile page as bob gets it").contains(DISPLAY_NAME);
            phone.backToContactList("bob");
        });
        if (version.startsWith("3.")) {
            absent(version, "the own display picture set on the phone", "3.x have no display picture: 3.00 takes a"
                    + " photo for a chat only, 3.08 uploads photos to the album without making one its display picture");
        } else {
            // the only way these clients set one: UPLOAD_FILE with field 5 (display picture), the picture's bytes
            // from the phone's memory card; none of them sends SET_DISPLAY_PICTURE
            step(version, "alice sets her display picture on the phone (From Storage: a picture on the memory card): bob is told (DISPLAY_PICTURE) and gets the same picture", () -> {
                int mark = gateway.tap.mark();
                phone.setDisplayPictureFromCard("alice", "bob");
                Packet upload = gateway.tap.awaitAfter(mark, "the phone's UPLOAD_FILE as display picture", s -> s.fromClient()
                        && s.packet().type() == PacketType.UPLOAD_FILE && s.packet().integer(5, 0) == 1, Mig33Phone.STEP).packet();
                assertThat(upload.raw(2)).as("the picture the phone uploaded").isEqualTo(PICTURE);
                Packet told = bob.await(p -> p.type() == PacketType.DISPLAY_PICTURE, "alice's new display picture");
                assertThat(bob.openUrl(told.string(2, ""), 2).raw(2)).as("the picture bob's phone would fetch").isEqualTo(PICTURE);
                // the phone opens the address the upload's OK names: the picture's page (before it, a Back given to
                // "Processing..." left 4.05 showing that page over the list)
                phone.phone.await("the uploaded picture's page", x -> Mig33Phone.has(x, PICTURE_PAGE), Mig33Phone.STEP);
                phone.report(reports(version), "display-picture");
                phone.backToContactList("bob");
            });
        }
        if (version.compareTo("4.10") >= 0) {
            // 4.10 and later have no request screen: the original told them with a NOTIFICATION and a page
            step(version, "dave adds alice: the phone lists his request's notice, alice opens its page and accepts, dave is told", () -> {
                try (Mig33Client dave = gateway.login("dave", PASSWORD)) {
                    int mark = gateway.tap.mark();
                    dave.addContact("alice");
                    gateway.tap.awaitAfter(mark, "the NOTIFICATION of dave's request", s -> !s.fromClient()
                            && s.packet().type() == PacketType.NOTIFICATION && s.packet().string(1, "").startsWith("dave has added you"),
                            Mig33Phone.STEP);
                    phone.backToContactList("bob");
                    phone.acceptFromNotice("dave");
                    dave.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 1, "alice's presence, now that she accepted");
                    gateway.tap.awaitAfter(mark, "dave's CONTACT pushed to the phone", s -> !s.fromClient()
                            && s.packet().type() == PacketType.CONTACT && "dave".equals(s.packet().string(12, "")), Mig33Phone.STEP);
                    phone.report(reports(version), "contact-request-accepted");
                    phone.backToContactList("dave");
                    assertThat(phone.screen()).noneMatch(l -> l.contains("has added you"));
                }
            });
        } else {
            step(version, "dave adds alice: the phone shows the request, alice allows it on the phone, dave is told", () -> {
                try (Mig33Client dave = gateway.login("dave", PASSWORD)) {
                    int mark = gateway.tap.mark();
                    dave.addContact("alice");
                    gateway.tap.awaitAfter(mark, "dave's CONTACT_REQUEST", s -> !s.fromClient()
                            && s.packet().type() == PacketType.CONTACT_REQUEST && "dave".equals(s.packet().string(1, "")),
                            Mig33Phone.STEP);
                    phone.acceptContactRequest("dave");
                    gateway.tap.awaitAfter(mark, "the phone's ACCEPT_CONTACT_REQUEST", s -> s.fromClient()
                            && s.packet().type() == PacketType.ACCEPT_CONTACT_REQUEST && "dave".equals(s.packet().string(1, "")),
                            Mig33Phone.STEP);
                    dave.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 1, "alice's presence, now that she accepted");
                    phone.phone.await("dave in the list", s -> s.contains("dave") && s.stream().noneMatch(l -> l.contains("has added you")),
                            Mig33Phone.STEP);
                    phone.report(reports(version), "contact-request-accepted");
                }
            });
        }
    }

    /** bob sets {@code presence}; the phone is told (PRESENCE for bob's contact id) and bob's icon passes {@code shown}. */
    private static int presence(Gateway gateway, Mig33Phone phone, Mig33Client bob, int presence, String word,
            java.util.function.IntPredicate shown) {
        int mark = gateway.tap.mark();
        assertThat(bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, presence).build()).type()).isEqualTo(PacketType.OK);
        int bobId = contactId(gateway, "bob");
        gateway.tap.awaitAfter(mark, "bob's PRESENCE " + presence, s -> !s.fromClient() && s.packet().type() == PacketType.PRESENCE
                && s.packet().integer(1, 0) == bobId && s.packet().integer(2, 0) == presence, Mig33Phone.STEP);
        return phone.awaitPresenceIcon("bob", word, shown);
    }

    /** The id the server gave {@code user} in the phone's contact list (its CONTACT packet, field 1, awaited). */
    private static int contactId(Gateway gateway, String user) {
        return gateway.tap.await("a CONTACT for " + user + " on the phone's connection", s -> !s.fromClient()
                && s.packet().type() == PacketType.CONTACT && user.equals(s.packet().string(12, "")), Mig33Phone.STEP)
                .packet().integer(1, 0);
    }

    /** A 2×2 PNG, as bob's phone would send it. */
    static final byte[] PICTURE = java.util.HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000002000000020806"
            + "00000072b60d240000001149444154789c63f8cfc0f01f8419600c0047ca07f967596eb70000000049454e44ae426082");
    /** What the page of a picture sent without a description says (its title: Picture). */
    static final String PICTURE_PAGE = "A picture";
    static final String ALICE_STATUS = "at the range";
    static final String OFFLINE = "while away";
    static final String STATUS = "gone golfing";
    static final String FROM_BOB = "hello alice";
    static final String FROM_ALICE = "hi bob";
    static final String ROOM = "Tennis";
    /** What the phone searches for to find {@link #ROOM}; {@link #OTHER_ROOM} does not match it. */
    static final String ROOM_SEARCH = "tenn";
    static final String OTHER_ROOM = "Football";
    static final String IN_ROOM_FROM_BOB = "anyone for a game?";
    static final String IN_ROOM_FROM_ALICE = "me please";
    static final String IN_GROUP_FROM_BOB = "dinner at eight?";
    static final String IN_GROUP_FROM_ALICE = "count me in";

    static final String DISPLAY_NAME = "Alice Liddell";
    static final String NEW_PASSWORD = "L00kingGlass";

    /**
     * The address of the session's account page, as GET_URL last gave it to 3.x and 4.05 (which fetch it over
     * HTTP themselves, and keep it: 3.00 asks once a session), without the form's part after it.
     */
    private static String accountAddress(Gateway gateway) {
        java.util.function.Predicate<WireTap.Seen> answer = s -> !s.fromClient() && s.packet().type() == PacketType.OK
                && s.packet().string(1, "").contains(ACCOUNT_PATH);
        gateway.tap.awaitAfter(0, "the phone's GET_URL for its account page", answer, Mig33Phone.STEP);
        String url = gateway.tap.seen().stream().filter(answer).reduce((a, b) -> b).orElseThrow().packet().string(1, "");
        int token = url.indexOf(ACCOUNT_PATH) + ACCOUNT_PATH.length();
        int end = url.indexOf('/', token);
        return end < 0 ? url : url.substring(0, end);
    }

    static final String ACCOUNT_PATH = "/mig33/account/";

    /** A page's form, as the phone posted it through the gateway (OPEN_URL Method 2, the fields as Parameter). */
    private static void awaitFormPosted(Gateway gateway, int mark, String field) {
        gateway.tap.awaitAfter(mark, "the form posted with " + field, s -> s.fromClient() && s.packet().type() == PacketType.OPEN_URL
                && s.packet().integer(1, 0) == 2 && s.packet().string(3, "").contains(field), Mig33Phone.STEP);
    }

    /** The page's text, which the phone may wrap over lines. */
    private static void awaitPageSays(Mig33Phone phone, String text) {
        phone.phone.await("the page saying \"" + text + "\"", x -> String.join(" ", x).contains(text)
                || Mig33Phone.has(x, "Error"), Mig33Phone.STEP);
        assertThat(String.join(" ", phone.screen())).as("the page the phone shows").contains(text);
    }

    /** One flow of a scenario: a failure names it; each verified flow is listed in the version's report. */
    private static void step(String version, String flow, Runnable check) {
        long start = System.nanoTime();
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            flows(version, "FAILED  " + flow + ": " + e.getMessage().lines().findFirst().orElse("") + took(start));
            throw new AssertionError(version + ", " + flow + ": " + e.getMessage(), e);
        }
        flows(version, "works   " + flow + took(start));
    }

    /** How long a step took, for the report: where a scenario's minutes go. */
    private static String took(long start) {
        return String.format(java.util.Locale.ROOT, "  [%.1f s]", (System.nanoTime() - start) / 1e9);
    }

    /** A flow this generation does not have: the report says so, and why. */
    private static void absent(String version, String flow, String why) {
        flows(version, "absent  " + flow + " (" + why + ")");
    }

    private static void flows(String version, String line) {
        try {
            Files.createDirectories(reports(version));
            Files.writeString(reports(version).resolve("flows.txt"), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A newcomer's phone of its own, running the copy {@code revenant midlet patch} made of the generation to
     * dial this server's loopback address and ports (and its web site's, 4.30 and later check a new name
     * there): its network routes nothing, so a connection to an original endpoint would be refused. Where
     * the harness knows the generation's registration form, the newcomer registers on it (the welcome
     * page's Registration, the form, Submit) and the new account logs in; elsewhere the phone's first
     * start logs in an account made for it. Every connection the phone made went where the copy points.
     */
    private void newcomer(String version, Gateway gateway) {
        try (Mig33Phone newcomer = Mig33Phone.startPatched(version, gateway, patched)) {
            try {
                if (REGISTERING.contains(version)) {
                    step(version, "registration from the phone: the welcome page's Registration, the form, Submit; the new user logs in", () -> {
                        newcomer.register(NEWCOMER, PASSWORD, "60123456780");
                        newcomer.report(reports(version), "registered");
                        gateway.login(NEWCOMER, PASSWORD).close();
                    });
                } else {
                    absent(version, "registration from the phone", NOT_REGISTERING.getOrDefault(version,
                            "the harness knows the registration form of " + String.join(", ", REGISTERING)));
                    step(version, "the first start and a typed login of a newcomer, made by revenant user add", () -> {
                        gateway.register(NEWCOMER, PASSWORD);
                        newcomer.firstStartAndLogIn(NEWCOMER, PASSWORD);
                    });
                }
                step(version, "a copy made by revenant midlet patch dials this server itself, never the old gateway", () ->
                        newcomer.assertDialledTheTapOnly(gateway, "mig33.com"));
            } catch (AssertionError | RuntimeException e) {
                newcomer.report(reports(version), "newcomer-failure");
                throw new AssertionError(version + " (the newcomer's patched copy): " + e.getMessage() + "\ndialled: "
                        + newcomer.phone.dialled() + "\nconversation:\n" + gateway.tap.transcript(), e);
            }
        }
        gateway.tap.forget();
    }

    /** The generations whose registration form the harness fills in. */
    static final List<String> REGISTERING = List.of("3.08", "4.05", "4.20", "4.30", "4.50", "4.62");
    static final String NEWCOMER = "newbie";
    /** Why a generation does not register from the phone. */
    static final Map<String, String> NOT_REGISTERING = Map.of(
            "3.00", "it has no registration: its first start goes straight to the login form, and no screen or"
                    + " packet of it registers (its users signed up on the web site)");

    @ParameterizedTest(name = "mig33 {0}")
    @MethodSource("versions")
    void firstStartLoginContactsAndChat(String version) throws Exception {
        // the phone's registration types an answer to a captcha the harness cannot read: any answer is taken;
        // and the test's own users are registered from the same address as the phone
        try (Gateway gateway = new Gateway(data, Map.of("mig33.registrationCaptcha", "false",
                "mig33.registrationsPerAddressPerHour", "20"))) {
            gateway.register("alice", PASSWORD);
            gateway.register("bob", PASSWORD);
            gateway.register("erin", PASSWORD); // a room's participant, voted out
            gateway.register("carol", PASSWORD);
            gateway.register("dave", PASSWORD);
            // alice and bob are contacts of each other: alice asks, bob accepts and adds her back
            try (Mig33Client alice = gateway.login("alice", PASSWORD); Mig33Client bob = gateway.login("bob", PASSWORD)) {
                alice.call(alice.request(PacketType.ADD_CONTACT).string(12, "bob").build());
                bob.call(bob.request(PacketType.ACCEPT_CONTACT_REQUEST).string(1, "alice").bool(2, true).build());
                // bob's room exists before alice's login (4.05 lists the rooms it asked for then)
                bob.createChatRoom(ROOM, "bob's room", "", true);
                // another room, which a search for ROOM must not find
                try (Mig33Client carol = gateway.login("carol", PASSWORD)) {
                    carol.createChatRoom(OTHER_ROOM, "carol's room", "", true);
                }
                alice.logout();
                bob.await(p -> p.type() == PacketType.PRESENCE && p.integer(2, 0) == 99, "alice offline");
                // alice is away: bob's message is kept for her next login
                bob.sendMessage("alice", OFFLINE);
            }
            Files.deleteIfExists(reports(version).resolve("flows.txt"));
            newcomer(version, gateway);
            try (Mig33Phone phone = Mig33Phone.start(version, gateway); Mig33Client bob = gateway.login("bob", PASSWORD)) {
                try {
                    logInAndChat(version, gateway, phone, bob);
                } catch (AssertionError | IllegalStateException | java.io.UncheckedIOException e) {
                    phone.reportFailure(reports(version), "failure");
                    throw new AssertionError(version + ": " + e.getMessage() + "\nconversation:\n"
                            + gateway.tap.transcript(), e);
                }
            }
        }
    }
}
