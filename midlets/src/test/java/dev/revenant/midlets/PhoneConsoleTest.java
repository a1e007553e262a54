package dev.revenant.midlets;

import dev.revenant.mig33.client.Mig33Client;
import dev.revenant.mig33.codec.PacketType;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: a console for driving one real MIDlet by hand while learning its screens.
 * {@code mvn -pl midlets -am verify -Dtest=PhoneConsoleTest -Drevenant.console=4.62 -Dsurefire.failIfNoSpecifiedTests=false}
 * then write commands to the fifo {@code target/console.in} (one per line) and read {@code target/console.out}:
 * {@code login}, {@code contacts}, {@code press DOWN}, {@code cmd Send}, {@code type hello}, {@code screen},
 * {@code shot NAME}, {@code bob TEXT} (bob messages alice), {@code room NAME} / {@code join NAME} (bob makes / joins a room),
 * {@code cjoin ROOM} (carol joins it), {@code kick ROOM USER} (bob kicks), {@code enter ROOM} (the phone finds it from
 * the rooms tab's search and joins it), {@code say ROOM TEXT} (bob), {@code choose ITEM}, {@code setp PRESENCE} (alice sets her own), {@code own} (the own line's menu), {@code group} / {@code gsay TEXT} (bob's group chat
 * with alice), {@code pic} (bob sends a picture), {@code peek CLASS FIELD}, {@code carol} (carol logs in), {@code accept}
 * (carol accepts alice's request), {@code dave} (dave logs in and adds alice), {@code wire}, {@code quit}.
 */
class PhoneConsoleTest {
    @TempDir Path data;

    @Test
    void console() throws Exception {
        String version = System.getProperty("revenant.console", "");
        Assumptions.assumeFalse(version.isBlank(), "a console only when asked for (-Drevenant.console=VERSION)");
        Path in = Path.of("target/console.in");
        Files.deleteIfExists(in);
        new ProcessBuilder("mkfifo", in.toString()).start().waitFor();
        try (Gateway gateway = new Gateway(data, Map.of("mig33.registrationCaptcha", "false"));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of("target/console.out")), true)) {
            gateway.befriendAliceAndBob();
            gateway.register("carol", RealClientTest.PASSWORD);
            gateway.register("dave", RealClientTest.PASSWORD);
            try (Mig33Phone phone = Mig33Phone.start(version, gateway); Mig33Client bob = gateway.login("bob", RealClientTest.PASSWORD)) {
                Mig33Client[] others = new Mig33Client[2]; // carol, dave: logged in when asked for
                out.println("ready");
                String[] group = new String[1];
                while (true) {
                    String line;
                    try (BufferedReader r = Files.newBufferedReader(in)) {
                        line = r.readLine();
                    }
                    if (line == null) {
                        continue;
                    }
                    String[] w = line.split(" ", 2);
                    try {
                        switch (w[0]) {
                            case "quit" -> { return; }
                            case "login" -> phone.firstStartAndLogIn("alice", RealClientTest.PASSWORD);
                            case "form" -> phone.firstStartToLoginForm();
                            case "welcome" -> phone.firstStartToWelcome();
                            case "contacts" -> phone.toContactList("bob");
                            case "press" -> { for (String k : w[1].split(" ")) phone.phone.pressAndSettle(Phone.Key.valueOf(k)); }
                            case "cmd" -> phone.phone.command(w[1]);
                            case "type" -> phone.phone.type(w[1]);
                            case "shot" -> phone.report(Path.of("target/console"), w[1]);
                            case "bob" -> bob.call(bob.request(PacketType.MESSAGE).int8(1, 1).int8(3, 1).string(4, "alice")
                                    .int16(6, 1).string(8, w[1]).build());
                            case "alice" -> gateway.login("alice", RealClientTest.PASSWORD);
                            case "presence" -> bob.call(bob.request(PacketType.SET_PRESENCE).int8(1, Integer.parseInt(w[1])).build());
                            case "status" -> bob.call(bob.request(PacketType.SET_STATUS_MESSAGE).string(1, w[1]).build());
                            case "room" -> bob.createChatRoom(w[1], "bob's room", "", true);
                            case "join" -> bob.joinChatRoom(w[1]);
                            case "cjoin" -> { others[0] = others[0] != null ? others[0] : gateway.login("carol", RealClientTest.PASSWORD);
                                others[0].joinChatRoom(w[1]); }
                            case "kick" -> { String[] r = w[1].split(" ", 2); bob.call(bob.request(PacketType.KICK_CHATROOM_PARTICIPANT)
                                    .string(1, r[0]).string(2, r[1]).build()); }
                            case "enter" -> phone.joinRoomFromCommunity(w[1], w[1]);
                            case "rooms" -> phone.joinRoomFromList(w[1], w[1]);
                            case "group" -> { group[0] = bob.createGroupChat("alice").string(1, ""); out.println("group " + group[0]); }
                            case "gsay" -> bob.sendToGroupChat(group[0], w[1]);
                            case "pic" -> bob.sendPicture("alice", RealClientTest.PICTURE);
                            case "peek" -> { String[] r = w[1].split(" ", 2); out.println(phone.phone.peek(r[0], r[1])); }
                            case "say" -> { String[] r = w[1].split(" ", 2); bob.call(bob.request(PacketType.MESSAGE)
                                    .int8(1, 1).int8(3, 3).string(4, r[0]).int16(6, 1).string(8, r[1]).build()); }
                            case "choose" -> phone.choose(w[1]);
                            case "setp" -> phone.setPresence("alice", "bob", w[1]);
                            case "own" -> { phone.focusOwnLine("alice", "bob"); phone.phone.command("Menu"); }
                            case "bg" -> { for (String t : w[1].split(",")) out.println(t + ": colour " + Integer.toHexString(phone.phone.colourOf(t))
                                    + " background " + Integer.toHexString(phone.phone.backgroundOf(t)) + " frame " + Integer.toHexString(phone.phone.frameOf(t)) + " row " + phone.phone.rowOf(t) + " at " + java.util.Arrays.toString(phone.phone.whereIs(t)) + " rows " + Integer.toHexString(phone.phone.rowsOf(t))); }
                            case "carol" -> others[0] = gateway.login("carol", RealClientTest.PASSWORD);
                            case "accept" -> others[0].acceptContactRequest("alice", true, 0);
                            case "dave" -> {
                                others[1] = gateway.login("dave", RealClientTest.PASSWORD);
                                others[1].addContact("alice");
                            }
                            case "wire" -> out.println(gateway.tap.transcript());
                            default -> { }
                        }
                    } catch (RuntimeException | AssertionError e) {
                        out.println("! " + e);
                    }
                    phone.phone.await("settle", s -> false, java.time.Duration.ofMillis(600), false);
                    out.println("> " + line + "\nscreen: " + phone.screen() + "\ncommands: " + phone.phone.commands()
                            + "\ncurrent: " + phone.phone.describe()
                            + "\nbob's colour: " + Integer.toHexString(phone.phone.colourOf("bob")) + "\n");
                }
            }
        }
    }
}
