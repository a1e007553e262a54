package dev.revenant.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.app.Revenant;
import dev.revenant.app.StandardStreams;
import dev.revenant.core.store.DatabaseConfig;
import dev.revenant.core.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mig33 admin command as an operator types it, against a real store: what it prints, what it
 * refuses and with which exit code (0 done, 1 refused, 2 a wrong command line), and that a refusal
 * changes nothing.
 */
class AdminCommandLineTest {
    @TempDir Path dataDir;
    @RegisterExtension final StandardStreams streams = new StandardStreams();
    private DatabaseConfig store;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void freshStore() {
        store = TestStores.fresh();
    }

    private int revenant(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString(), "--set", "database.url=" + store.url()));
        streams.reset();
        return Revenant.execute(all.toArray(String[]::new));
    }

    private String out() {
        return streams.out();
    }

    private String err() {
        return streams.err();
    }

    private JsonNode jsonOut() throws Exception {
        return json.readTree(out());
    }

    private void users(String... names) {
        for (String name : names) {
            assertThat(revenant("user", "add", name, "--password", "Tennis4" + name.length())).as(err()).isZero();
        }
    }

    @Test
    void userAddAppliesThePasswordRulesOfRegistrationUnlessForced() {
        assertThat(revenant("user", "add", "alice", "--password", "short")).isEqualTo(1);
        assertThat(err()).contains("revenant: Password too weak: use at least 6 characters").contains("--force");
        assertThat(revenant("user", "add", "alice", "--password", "xALICE99")).isEqualTo(1);
        assertThat(err()).contains("must not contain your username");
        assertThat(revenant("user", "add", "alice", "--password", "lettersonly")).isEqualTo(1);
        assertThat(revenant("user", "list")).isZero();
        assertThat(out()).as("a refused add adds nobody").doesNotContain("alice");

        assertThat(revenant("user", "add", "alice", "--password", "short", "--force")).isZero();
        assertThat(out()).contains("user alice added");
        assertThat(revenant("user", "add", "Alice", "--password", "Fine4Pass")).isEqualTo(1);
        assertThat(err()).contains("user alice exists already");
        assertThat(revenant("user", "add", "9lives", "--password", "Fine4Pass")).isEqualTo(1);
        assertThat(err()).contains("Invalid username");

        assertThat(revenant("user", "passwd", "alice", "--password", "alice123")).isEqualTo(1);
        assertThat(err()).contains("must not contain your username");
        assertThat(revenant("user", "passwd", "alice", "--password", "Better4Pass")).isZero();
        assertThat(out()).contains("password of alice changed");
        assertThat(revenant("user", "passwd", "nobody", "--password", "Better4Pass")).isEqualTo(1);
        assertThat(err()).contains("no user nobody");
    }

    @Test
    void userListShowsEveryUserAsATableOrJson() throws Exception {
        assertThat(revenant("user", "add", "bob", "--password", "Tennis42", "--display", "Bobby", "--mobile", "60123")).isZero();
        users("alice");
        assertThat(revenant("user", "list")).isZero();
        assertThat(out().lines().toList()).hasSize(3);
        assertThat(out().lines().findFirst().orElseThrow()).startsWith("USERNAME").contains("DISPLAY_NAME").contains("MOBILE");
        assertThat(out()).containsPattern("alice\\s+-\\s+-").containsPattern("bob\\s+Bobby\\s+60123");

        assertThat(revenant("user", "list", "--json")).isZero();
        JsonNode list = jsonOut();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("username").asText()).isEqualTo("alice");
        assertThat(list.get(1).get("displayName").asText()).isEqualTo("Bobby");
        assertThat(list.get(1).get("online").isNull()).as("known only to the running server").isTrue();
    }

    @Test
    void userBanAndUnban() {
        users("alice");
        assertThat(revenant("user", "ban", "alice", "--reason", "spam", "--for", "2h")).as(err()).isZero();
        assertThat(out()).startsWith("user alice banned until ");
        assertThat(revenant("user", "ban", "alice", "--reason", "spam", "--for", "soon")).isEqualTo(2);
        assertThat(err()).contains("--for must be a duration");
        assertThat(revenant("user", "ban", "alice")).as("a ban needs a reason").isEqualTo(2);
        assertThat(revenant("user", "ban", "nobody", "--reason", "spam")).isEqualTo(1);
        assertThat(err()).contains("no user nobody");
        assertThat(revenant("user", "unban", "alice")).isZero();
        assertThat(out()).contains("user alice unbanned");
        assertThat(revenant("user", "unban", "alice")).isEqualTo(1);
        assertThat(err()).contains("user alice is not banned");
        assertThat(new dev.revenant.app.admin.AuditLog(dataDir).latest(10)).extracting(e -> e.action() + " " + e.outcome())
                .contains("user ban ok", "user unban ok");
    }

    @Test
    void userDelRefusesWhileTheUserOwnsRoomsUnlessForced() {
        users("alice", "bob");
        assertThat(revenant("room", "add", "Alice's Den", "--owner", "alice")).isZero();
        assertThat(revenant("contact", "add", "bob", "alice")).isZero();

        assertThat(revenant("user", "del", "alice")).isEqualTo(1);
        assertThat(err()).contains("alice owns the room Alice's Den").contains("--force");
        assertThat(revenant("room", "list")).isZero();
        assertThat(out()).as("nothing deleted").contains("Alice's Den");

        assertThat(revenant("user", "del", "alice", "--force")).isZero();
        assertThat(out()).contains("user alice deleted, with the room Alice's Den");
        assertThat(revenant("room", "list")).isZero();
        assertThat(out()).doesNotContain("Alice's Den");
        assertThat(revenant("contact", "list", "bob")).isZero();
        assertThat(out()).as("off the lists of others too").doesNotContain("alice");
        assertThat(revenant("user", "del", "alice")).isEqualTo(1);
        assertThat(err()).contains("no user alice");
        assertThat(revenant("user", "del", "bob")).as("no rooms, no --force needed").isZero();
    }

    @Test
    void contactAddIsAllOrNothingAndSaysWhenItMakesAGroup() throws Exception {
        users("alice", "bob", "carol");
        assertThat(revenant("contact", "add", "alice", "bob")).isZero();
        assertThat(out()).contains("bob added to alice's contacts in mig33 Contacts").doesNotContain("new group");

        // the defect of issue 15: refused, yet the group was made
        assertThat(revenant("contact", "add", "alice", "bob", "--group", "Tennis")).isEqualTo(1);
        assertThat(err()).contains("bob is already a contact of alice");
        assertThat(revenant("group", "list", "alice")).isZero();
        assertThat(out()).doesNotContain("Tennis");

        assertThat(revenant("contact", "add", "alice", "carol", "--group", "Tennis", "--display", "Caz")).isZero();
        assertThat(out()).contains("carol added to alice's contacts in Tennis (a new group)");
        assertThat(revenant("contact", "add", "alice", "alice")).isEqualTo(1);
        assertThat(revenant("contact", "add", "alice", "nobody")).isEqualTo(1);
        assertThat(err()).contains("no user nobody");

        assertThat(revenant("contact", "list", "alice", "--json")).isZero();
        JsonNode list = jsonOut();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("contact").asText()).isEqualTo("bob");
        assertThat(list.get(0).get("group").asText()).isEqualTo("mig33 Contacts");
        assertThat(list.get(1).get("contact").asText()).isEqualTo("carol");
        assertThat(list.get(1).get("displayName").asText()).isEqualTo("Caz");
        assertThat(list.get(1).get("group").asText()).isEqualTo("Tennis");
        assertThat(revenant("contact", "list", "alice")).isZero();
        assertThat(out()).startsWith("CONTACT").containsPattern("carol\\s+Caz\\s+Tennis");
        assertThat(revenant("contact", "list", "nobody")).isEqualTo(1);
    }

    @Test
    void contactMoveAndDel() throws Exception {
        users("alice", "bob");
        assertThat(revenant("contact", "add", "alice", "bob")).isZero();
        assertThat(revenant("contact", "move", "alice", "bob", "Golf")).isEqualTo(1);
        assertThat(err()).contains("alice has no group Golf").contains("revenant group add alice Golf");
        assertThat(revenant("group", "add", "alice", "Golf")).isZero();
        assertThat(revenant("contact", "move", "alice", "bob", "Golf")).isZero();
        assertThat(out()).contains("bob moved to Golf in alice's contacts");
        assertThat(revenant("contact", "list", "alice", "--json")).isZero();
        assertThat(jsonOut().get(0).get("group").asText()).isEqualTo("Golf");

        assertThat(revenant("contact", "del", "alice", "bob")).isZero();
        assertThat(out()).contains("bob removed from alice's contacts");
        assertThat(revenant("contact", "del", "alice", "bob")).isEqualTo(1);
        assertThat(err()).contains("bob is not a contact of alice");
        assertThat(revenant("contact", "move", "alice", "bob", "Golf")).isEqualTo(1);
        assertThat(revenant("contact", "list", "alice", "--json")).isZero();
        assertThat(jsonOut()).isEmpty();
        assertThat(revenant("contact", "list", "alice")).isZero();
        assertThat(out()).isEqualTo("(none)\n");
    }

    @Test
    void groupAddListRenameAndDel() throws Exception {
        users("alice", "bob");
        assertThat(revenant("group", "add", "alice", "Golf")).isZero();
        assertThat(out()).contains("group Golf added for alice");
        assertThat(revenant("group", "add", "alice", "Golf")).isEqualTo(1);
        assertThat(err()).contains("alice has a group Golf already");
        assertThat(revenant("contact", "add", "alice", "bob", "--group", "Golf")).isZero();

        assertThat(revenant("group", "list", "alice", "--json")).isZero();
        JsonNode groups = jsonOut();
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).get("group").asText()).isEqualTo("mig33 Contacts");
        assertThat(groups.get(0).get("isDefault").asBoolean()).isTrue();
        assertThat(groups.get(1).get("group").asText()).isEqualTo("Golf");
        assertThat(groups.get(1).get("contacts").asInt()).isEqualTo(1);
        assertThat(revenant("group", "list", "alice")).isZero();
        assertThat(out()).startsWith("GROUP").containsPattern("Golf\\s+no\\s+1");

        assertThat(revenant("group", "rename", "alice", "Golf", "Tennis")).isZero();
        assertThat(out()).contains("group Golf renamed to Tennis for alice");
        assertThat(revenant("group", "rename", "alice", "Golf", "Squash")).isEqualTo(1);
        assertThat(err()).contains("alice has no group Golf");
        assertThat(revenant("group", "rename", "alice", "Tennis", "mig33 Contacts")).isEqualTo(1);
        assertThat(err()).contains("alice has a group mig33 Contacts already");

        assertThat(revenant("group", "del", "alice", "Tennis")).isZero();
        assertThat(out()).contains("group Tennis deleted for alice");
        assertThat(revenant("group", "del", "alice", "mig33 Contacts")).isEqualTo(1);
        assertThat(err()).contains("the default group cannot be deleted");
        assertThat(revenant("contact", "list", "alice", "--json")).isZero();
        assertThat(jsonOut().get(0).get("group").asText()).as("moved to the default group").isEqualTo("mig33 Contacts");
        assertThat(revenant("group", "list", "nobody")).isEqualTo(1);
        assertThat(err()).contains("no user nobody");
    }

    @Test
    void roomEditChangesOnlyWhatIsGiven() throws Exception {
        users("alice", "bob");
        assertThat(revenant("room", "add", "Lobby", "--description", "Say hello", "--capacity", "40", "--admin", "alice",
                "--keywords", "hello")).isZero();

        assertThat(revenant("room", "edit", "lobby", "--capacity", "80", "--no-kicking", "--adult", "--add-admin", "bob",
                "--remove-admin", "alice")).isZero();
        assertThat(out()).contains("room Lobby changed");
        assertThat(revenant("room", "list", "--json")).isZero();
        JsonNode room = jsonOut().get(0);
        assertThat(room.get("room").asText()).isEqualTo("Lobby");
        assertThat(room.get("capacity").asInt()).isEqualTo(80);
        assertThat(room.get("kicking").asBoolean()).isFalse();
        assertThat(room.get("adult").asBoolean()).isTrue();
        assertThat(room.get("description").asText()).as("left as it was").isEqualTo("Say hello");
        assertThat(room.get("keywords").asText()).isEqualTo("hello");
        assertThat(room.get("administrators")).extracting(JsonNode::asText).containsExactly("bob");
        assertThat(room.get("owner").isNull()).as("official").isTrue();

        assertThat(revenant("room", "edit", "Lobby", "--kicking", "--no-adult", "--description", "Hi all")).isZero();
        assertThat(revenant("room", "list")).isZero();
        assertThat(out()).startsWith("ROOM").containsPattern("Lobby\\s+80\\s+-\\s+bob\\s+yes\\s+no");

        assertThat(revenant("room", "edit", "Lobby", "--remove-admin", "alice")).isEqualTo(1);
        assertThat(err()).contains("alice is not an administrator of Lobby");
        assertThat(revenant("room", "edit", "Lobby", "--capacity", "0")).isEqualTo(1);
        assertThat(revenant("room", "edit", "Nowhere", "--capacity", "5")).isEqualTo(1);
        assertThat(err()).contains("no room Nowhere");
        assertThat(revenant("room", "edit", "Lobby", "--add-admin", "nobody")).isEqualTo(1);
        assertThat(revenant("room", "edit", "Lobby", "--capacity", "many")).as("not a number: the command line").isEqualTo(2);
    }
}
