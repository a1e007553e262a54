package dev.revenant.pangya.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.NicknameCheck;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static final ServerEntry ENTRY = new ServerEntry("Revenant", 20201, 2000, 0, "127.0.0.1", 20201, 0x80, 0, 0x4, 0, 0, 9);

    @Test
    void theUsGameServerEntryHasTheChannelCountByte() {
        byte[] th = ServerPacket.encode(new GameServerList(List.of(ENTRY)), Profile.TH829);
        byte[] us = ServerPacket.encode(new GameServerList(List.of(ENTRY)), Profile.US852);
        assertThat(th).hasSize(3 + 92);
        assertThat(us).hasSize(3 + 93);
        assertThat(us[us.length - 1]).isZero();
        assertThat(ServerPacket.decode(us, Profile.US852)).isEqualTo(new GameServerList(List.of(ENTRY)));
        // layout (spec §6): id at 40, address at 52, port at 70, flags at 74, boosts at 82, icon at 90
        assertThat(th[3 + 40] & 0xFF | (th[3 + 41] & 0xFF) << 8).isEqualTo(20201);
        assertThat(new String(th, 3 + 52, 9)).isEqualTo("127.0.0.1");
        assertThat(th[3 + 74]).isEqualTo((byte) 0x80);
        assertThat(th[3 + 82]).isEqualTo((byte) 0x4);
        assertThat(th[3 + 90]).isEqualTo((byte) 9);
    }

    @Test
    void chatMacrosAreNineStrz64AndNicknameCheckEchoesOnlyOnSuccess() {
        byte[] macros = ServerPacket.encode(new ChatMacros(Collections.nCopies(9, "Pangya!")), Profile.TH829);
        assertThat(macros).hasSize(2 + 9 * 64);
        assertThat(Hex.dump("0e 00 00 00 00 00 03 00 61 62 63"))
                .isEqualTo(ServerPacket.encode(new NicknameCheck(0, "abc"), Profile.TH829));
        assertThat(Hex.dump("0e 00 01 00 00 00")).isEqualTo(ServerPacket.encode(new NicknameCheck(1, "abc"), Profile.TH829));
    }

    @Test
    void badClientPacketsAreMalformedNotCrashes() {
        for (String hex : new String[] {
                "", "01", "ff 7f", "01 00 05 00 61", "03 00 ea 4e 00", "03 00 ea 4e 00 00 00", "04 00 00",
                "06 00 09 00 61 62", "08 00 09 00 00 04 02 01", "0b 00 01 00 61 d2 c4 49 00 07 00 34"}) {
            assertThatThrownBy(() -> ClientPacket.decode(Hex.dump(hex), Profile.TH829)).as(hex)
                    .isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void randomBytesOnlyEverGiveAPacketOrMalformed() {
        Random random = new Random(829);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            if (b.length >= 2 && random.nextBoolean()) {
                b[0] = (byte) (1 + random.nextInt(11)); // a known id half of the time
                b[1] = 0;
            }
            try {
                ClientPacket.decode(b, random.nextBoolean() ? Profile.TH829 : Profile.US852);
                decoded++;
            } catch (MalformedPacketException expected) {
                // fine: the server closes the connection
            }
        }
        assertThat(decoded).isPositive();
    }
}
