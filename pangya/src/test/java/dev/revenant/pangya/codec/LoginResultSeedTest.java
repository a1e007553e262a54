package dev.revenant.pangya.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.testing.SharedData;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.NeedCharacter;
import dev.revenant.pangya.codec.ServerPacket.NeedNickname;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Server packet 0x0001 against the seed document's five TH R6.829.01 examples, byte for byte. */
class LoginResultSeedTest {
    private static void matchesSeed(ServerPacket packet, String seedHex, String capture) throws Exception {
        byte[] seed = Hex.dump(seedHex);
        assertThat(ServerPacket.encode(packet, Profile.TH829)).isEqualTo(seed);
        assertThat(ServerPacket.decode(seed, Profile.TH829)).isEqualTo(packet);
        // the packetdoc capture of the same packet agrees with the seed
        assertThat(Files.readAllBytes(SharedData.require("testdata/pangya/packetdoc/server/TH.R6.829.01/" + capture))).isEqualTo(seed);
    }

    @Test
    void invalidCredentials() throws Exception {
        matchesSeed(new LoginFailure(LoginError.INVALID_CREDENTIALS), "00000000  01 00 e3 6f d2 4d 00", "0001-190812.0136-0000-379a.bin");
    }

    @Test
    void alreadyLoggedIn() throws Exception {
        matchesSeed(new LoginFailure(LoginError.ALREADY_LOGGED_IN), "00000000  01 00 e3 f3 d1 4d 00", "0001-190812.0136-0000-9b10.bin");
    }

    @Test
    void needNickname() throws Exception {
        matchesSeed(new NeedNickname(), "00000000  01 00 d9 ff ff ff ff", "0001-190812.0136-0002-6b25.bin");
    }

    @Test
    void needCharacter() throws Exception {
        matchesSeed(new NeedCharacter(), "00000000  01 00 da", "0001-190812.0138-0006-ceeb.bin");
    }

    @Test
    void success() throws Exception {
        matchesSeed(new LoginSuccess("pangbox", 0x0049C4D2L, ""), """
                00000000  01 00 00 07 00 70 61 6e 67 62 6f 78 d2 c4 49 00
                00000010  00 00 00 00 25 00 00 00 00 00 00 00 00 00 00 00
                """, "0001-190812.0139-000a-48a8.bin");
    }

    @Test
    void theUsProfileUsesItsOwnStatusBytes() {
        assertThat(ServerPacket.encode(new NeedNickname(), Profile.US852)).isEqualTo(Hex.dump("01 00 d8 ff ff ff ff"));
        assertThat(ServerPacket.encode(new NeedCharacter(), Profile.US852)).isEqualTo(Hex.dump("01 00 d9"));
        // the US emulator quote in the spec: 01 00 E2 F3 D1 4D 00 00 00 (the trailing zeros are not ours)
        assertThat(ServerPacket.encode(new LoginFailure(LoginError.ALREADY_LOGGED_IN), Profile.US852))
                .isEqualTo(Hex.dump("01 00 e2 f3 d1 4d 00"));
    }

    @Test
    void overridesChangeOnlyWhatTheySet() {
        Profile p = Profile.US852.with(new ProfileOverrides(null, null, 0xE3, null, null, 92, null,
                "01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e", 99L, null));
        assertThat(ServerPacket.encode(new LoginFailure(LoginError.ALREADY_LOGGED_IN), p)).isEqualTo(Hex.dump("01 00 e3 f3 d1 4d 00"));
        assertThat(ServerPacket.encode(new LoginSuccess("a", 1, "b"), p)).isEqualTo(Hex.dump(
                "01 00 00 01 00 61 01 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 01 00 62"));
        assertThat(p.statusNeedNickname()).isEqualTo(0xD8);
        assertThat(p.serverEntrySize()).isEqualTo(92);
        assertThat(p.bannedCode()).isEqualTo(99);
        assertThat(p.passwordForm()).isEqualTo(PasswordForm.MD5_HEX);
        assertThat(p.codePage()).isEqualTo("windows-1252");
    }
}
