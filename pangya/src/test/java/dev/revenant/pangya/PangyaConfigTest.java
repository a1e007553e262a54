package dev.revenant.pangya;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.revenant.pangya.codec.PasswordForm;
import dev.revenant.pangya.codec.ProfileOverrides;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PangyaConfigTest {
    private final ObjectMapper json = new ObjectMapper();

    /** The defaults with some options set, as the loader lays an operator's file over them. */
    private PangyaConfig over(String options) throws Exception {
        ObjectNode tree = json.valueToTree(PangyaConfig.defaults());
        tree.setAll((ObjectNode) json.readTree(options));
        return json.treeToValue(tree, PangyaConfig.class);
    }

    @Test
    void theDefaultsAreThoseOfTheModulesYaml() {
        PangyaConfig c = PangyaConfig.defaults();
        assertThat(c.enabled()).isTrue();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(10103);
        assertThat(c.profile()).isEqualTo("th829");
        assertThat(c.profileOverrides()).isEqualTo(ProfileOverrides.none());
        assertThat(c.gameServers()).containsExactly(ServerListing.of("Revenant", 20201, "127.0.0.1", 20201));
        assertThat(c.messageServers()).isEmpty();
        assertThat(c.preLoginMaxFrame()).isEqualTo(250);
        assertThat(c.preLoginReadTimeoutSeconds()).isEqualTo(10);
        assertThat(c.loginKeyLength()).isEqualTo(36);
        assertThat(c.passwordHashThreads()).isEqualTo(1);
        assertThat(c.passwordHashQueue()).isEqualTo(32);
        assertThat(PangyaConfig.defaults()).as("read once").isSameAs(c);
        assertThat(c.withDataDir(Path.of("/srv/revenant")).keys()).isEqualTo("/srv/revenant/pangya/keys.bin");
        assertThat(c.withKeys("k.bin").withDataDir(Path.of("/srv")).keys()).isEqualTo("k.bin");
    }

    @Test
    void profileOverridesAndServersBind() throws Exception {
        PangyaConfig c = over("""
                {"port": 10103, "profile": "us852",
                 "profileOverrides": {"statusError": 227, "serverEntrySize": 92, "passwordForm": "MD5_HEX",
                                      "successUnknown": "00 00 00 00 00 00 00 00 00 00 00 00 00 01"},
                 "gameServers": [{"name": "Albatross", "id": 20202, "address": "10.0.0.5", "port": 20202,
                                  "maxUsers": 500, "flags": 128, "boosts": 4, "icon": 3}],
                 "loginKeyTtlSeconds": 60}""");
        var p = c.resolvedProfile();
        assertThat(p.statusError()).isEqualTo(0xE3);
        assertThat(p.statusNeedNickname()).isEqualTo(0xD8);
        assertThat(p.serverEntrySize()).isEqualTo(92);
        assertThat(p.passwordForm()).isEqualTo(PasswordForm.MD5_HEX);
        assertThat(p.successUnknown()[13]).isEqualTo((byte) 1);
        assertThat(c.gameServers().get(0).toEntry().maxUsers()).isEqualTo(500);
        assertThat(c.loginKeyTtl().toSeconds()).isEqualTo(60);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> over("{\"profile\": \"kr326\"}").resolvedProfile())
                .hasMessageContaining("unknown PangYa profile 'kr326'");
        assertThatThrownBy(() -> over("{\"gameServers\": [{\"name\": \"x\", \"id\": 1, \"address\": \"game.example\", \"port\": 1}]}"))
                .hasMessageContaining("dotted IPv4");
        assertThatThrownBy(() -> over("{\"loginKeyLength\": 6}")).hasMessageContaining("pangya.loginKeyLength must be 7..36");
        assertThatThrownBy(() -> over("{\"loginKeyLength\": 37}")).hasMessageContaining("pangya.loginKeyLength must be 7..36");
        assertThatThrownBy(() -> over("{\"passwordHashQueue\": -1}")).hasMessageContaining("pangya.passwordHashQueue");
    }

    @Test
    void aZeroOrBlankIsRefusedNotTakenForTheDefault() {
        assertThatThrownBy(() -> over("{\"loginKeyTtlSeconds\": 0}"))
                .hasMessageContaining("pangya.loginKeyTtlSeconds must be positive, not 0");
        assertThatThrownBy(() -> over("{\"packetsPerSecond\": 0}"))
                .hasMessageContaining("pangya.packetsPerSecond must be positive, or negative for no limit");
        assertThatThrownBy(() -> over("{\"loginFailuresBeforeLockout\": 0}"))
                .hasMessageContaining("pangya.loginFailuresBeforeLockout must be positive, or negative for never");
        assertThatThrownBy(() -> over("{\"profile\": \" \"}")).hasMessageContaining("pangya.profile must name a profile");
        assertThatThrownBy(() -> over("{\"host\": \"\"}")).hasMessageContaining("pangya.host must not be empty");
    }
}
