package dev.revenant.pangya;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revenant.pangya.codec.PasswordForm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PangyaConfigTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anEmptyBlockIsTheDefaults() throws Exception {
        PangyaConfig c = json.readValue("{}", PangyaConfig.class);
        assertThat(c.enabled()).isTrue();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.profile()).isEqualTo("th829");
        assertThat(c.gameServers()).containsExactly(ServerListing.of("Revenant", 20201, "127.0.0.1", 20201));
        assertThat(c.messageServers()).isEmpty();
        assertThat(c.preLoginMaxFrame()).isEqualTo(250);
        assertThat(c.preLoginReadTimeoutSeconds()).isEqualTo(10);
        assertThat(PangyaConfig.defaults().port()).isEqualTo(10103);
        assertThat(c.loginKeyLength()).isEqualTo(36);
        assertThat(c.passwordHashThreads()).isEqualTo(1);
        assertThat(c.passwordHashQueue()).isEqualTo(32);
        assertThat(c.withDataDir(Path.of("/srv/revenant")).keys()).isEqualTo("/srv/revenant/pangya/keys.bin");
        assertThat(c.withKeys("k.bin").withDataDir(Path.of("/srv")).keys()).isEqualTo("k.bin");
    }

    @Test
    void profileOverridesAndServersBind() throws Exception {
        PangyaConfig c = json.readValue("""
                {"port": 10103, "profile": "us852",
                 "profileOverrides": {"statusError": 227, "serverEntrySize": 92, "passwordForm": "MD5_HEX",
                                      "successUnknown": "00 00 00 00 00 00 00 00 00 00 00 00 00 01"},
                 "gameServers": [{"name": "Albatross", "id": 20202, "address": "10.0.0.5", "port": 20202,
                                  "maxUsers": 500, "flags": 128, "boosts": 4, "icon": 3}],
                 "loginKeyTtlSeconds": 60}""", PangyaConfig.class);
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
        assertThatThrownBy(() -> json.readValue("{\"profile\": \"kr326\"}", PangyaConfig.class).resolvedProfile())
                .hasMessageContaining("unknown PangYa profile 'kr326'");
        assertThatThrownBy(() -> json.readValue("{\"gameServers\": [{\"name\": \"x\", \"id\": 1, \"address\": \"game.example\", \"port\": 1}]}",
                PangyaConfig.class)).hasMessageContaining("dotted IPv4");
        assertThatThrownBy(() -> json.readValue("{\"loginKeyLength\": 6}", PangyaConfig.class))
                .hasMessageContaining("pangya.loginKeyLength must be 7..36");
        assertThatThrownBy(() -> json.readValue("{\"loginKeyLength\": 37}", PangyaConfig.class))
                .hasMessageContaining("pangya.loginKeyLength must be 7..36");
        assertThatThrownBy(() -> json.readValue("{\"passwordHashQueue\": -1}", PangyaConfig.class))
                .hasMessageContaining("pangya.passwordHashQueue");
    }
}
