package dev.revenant.pangya.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.pangya.codec.ServerPacket.CharacterSelected;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import dev.revenant.pangya.codec.ServerPacket.NeedCharacter;
import dev.revenant.pangya.codec.ServerPacket.NeedNickname;
import dev.revenant.pangya.codec.ServerPacket.NicknameCheck;
import dev.revenant.pangya.codec.ServerPacket.SessionKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client library reads what a server sends; a hostile or broken server must not crash a tool or a
 * load generator built on it. Every real server packet, mutated, truncated, extended or with its length
 * fields corrupted, decodes to a packet or is refused as malformed, and nothing else.
 */
class ServerPacketFuzzTest {
    private static final ServerEntry ENTRY = new ServerEntry("Revenant", 20201, 2000, 12, "127.0.0.1", 20201, 0x80, 0, 0x4, 0, 0, 9);

    private static List<ServerPacket> samples() {
        return List.of(
                new LoginSuccess("alice", 42, "Alice"), new NeedNickname(), new NeedCharacter(),
                new LoginFailure(5100143), new GameServerList(List.of(ENTRY, ENTRY)), new SessionKey("abcdef0123456789"),
                new ChatMacros(Collections.nCopies(ChatMacros.COUNT, "Nice shot!")), new MessageServerList(List.of(ENTRY)),
                new NicknameCheck(0, "Alice"), new NicknameCheck(1, "") /* a refusal echoes no nickname */, new LoginKey("0123456"), new CharacterSelected());
    }

    @Test
    void everySampleRoundTrips() {
        for (Profile profile : List.of(Profile.TH829, Profile.US852)) {
            for (ServerPacket p : samples()) {
                assertThat(ServerPacket.decode(ServerPacket.encode(p, profile), profile)).as(p + " " + profile).isEqualTo(p);
            }
        }
    }

    @Test
    void mutatedServerPacketsDecodeOrAreMalformed() {
        Random random = new Random(0x0001);
        int decoded = 0;
        int malformed = 0;
        for (int round = 0; round < 20_000; round++) {
            Profile profile = random.nextBoolean() ? Profile.TH829 : Profile.US852;
            List<ServerPacket> samples = samples();
            byte[] b = ServerPacket.encode(samples.get(random.nextInt(samples.size())), profile);
            b = mutate(b, random);
            try {
                ServerPacket.decode(b, profile);
                decoded++;
            } catch (MalformedPacketException expected) {
                malformed++;
            }
        }
        // both outcomes happen, so the mutations reach past the id into the bodies
        assertThat(decoded).isPositive();
        assertThat(malformed).isPositive();
    }

    private static byte[] mutate(byte[] b, Random random) {
        switch (random.nextInt(5)) {
            case 0 -> { // flip a few bytes
                for (int i = 0, n = 1 + random.nextInt(3); i < n && b.length > 0; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return b;
            }
            case 1 -> { // truncated anywhere
                return Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            case 2 -> { // trailing garbage
                byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(16));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
            case 3 -> { // a count or length field (u8/u16 after the id) made huge
                if (b.length > 3) {
                    b[2] = (byte) 0xFF;
                    b[3] = (byte) 0xFF;
                }
                return b;
            }
            default -> { // random bytes behind a known id
                byte[] r = new byte[2 + random.nextInt(120)];
                random.nextBytes(r);
                r[0] = b.length > 0 ? b[0] : 1;
                r[1] = 0;
                return r;
            }
        }
    }
}
