package dev.revenant.pangya.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.core.testing.SharedData;
import dev.revenant.pangya.codec.ClientPacket.CheckNickname;
import dev.revenant.pangya.codec.ClientPacket.Ghost;
import dev.revenant.pangya.codec.ClientPacket.Login;
import dev.revenant.pangya.codec.ClientPacket.Reconnect;
import dev.revenant.pangya.codec.ClientPacket.SelectCharacter;
import dev.revenant.pangya.codec.ClientPacket.SelectServer;
import dev.revenant.pangya.codec.ClientPacket.SetNickname;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture in ../shared/testdata/pangya/packetdoc (pangbox packetdoc, ISC): client packets decode to
 * the values read off their hex dumps, and encode back to the same bytes.
 */
class CapturedPayloadsTest {
    private static final Map<String, ClientPacket> CLIENT = Map.of(
            "client/GB.R7.852.00/0001-181018.1255-0000-7af0.bin", new Login("john", "098F6BCD4621D373CADE4E832627B4F6"),
            "client/GB.R7.852.00/0003-181018.1255-0006-036b.bin", new SelectServer(20202),
            "client/Pangbox/000b-190817-1320-0000-101b.bin", new Reconnect("pangbox", 0x0049C4D2L, "40d232f"),
            "client/TH.R6.829.01/0004-190812.1704-0000-6516.bin", new Ghost(),
            "client/TH.R6.829.01/0006-190812.0138-0005-27ef.bin", new SetNickname("pangbox"),
            "client/TH.R6.829.01/0007-190812.0138-0003-6a0f.bin", new CheckNickname("pangbox"),
            "client/TH.R6.829.01/0008-190812.0139-0007-9e06.bin", new SelectCharacter(0x04000009L, 2));

    private static Path packetdoc() {
        return SharedData.require("testdata/pangya/packetdoc");
    }

    private static Profile profileOf(String file) {
        return file.contains("852") ? Profile.US852 : Profile.TH829;
    }

    @Test
    void everyClientCaptureIsCovered() throws IOException {
        try (Stream<Path> files = Files.walk(packetdoc().resolve("client"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".bin"))
                    .map(p -> packetdoc().relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrderElementsOf(CLIENT.keySet());
        }
    }

    @TestFactory
    Stream<DynamicTest> clientCapturesDecodeAndEncodeBack() {
        return CLIENT.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            byte[] bytes = Files.readAllBytes(packetdoc().resolve(e.getKey()));
            Profile profile = profileOf(e.getKey());
            ClientPacket decoded = ClientPacket.decode(bytes, profile);
            assertThat(decoded).isEqualTo(e.getValue());
            assertThat(ClientPacket.encode(decoded, profile)).isEqualTo(bytes);
        }));
    }

    @Test
    void theUsLoginCarriesTheMd5OfThePasswordAndSeventeenZeros() throws IOException {
        byte[] bytes = Files.readAllBytes(packetdoc().resolve("client/GB.R7.852.00/0001-181018.1255-0000-7af0.bin"));
        Login login = (Login) ClientPacket.decode(bytes, Profile.US852);
        assertThat(Profile.US852.passwordForm().toMd5Hex(login.password())).contains(PasswordForm.md5Hex("test"));
        assertThat(bytes).hasSize(2 + 2 + 4 + 2 + 32 + 17);
    }

    @Test
    void theThaiGameServerListDecodes() throws IOException {
        byte[] bytes = Files.readAllBytes(packetdoc().resolve("server/TH.R6.829.01/0002-190812.0431-0003-0803.bin"));
        GameServerList list = (GameServerList) ServerPacket.decode(bytes, Profile.TH829);
        assertThat(list.servers()).hasSize(11);
        // read off the dump at offset 0x03: "สุขุมวิท" in windows-874, junk after the NUL
        assertThat(list.servers().get(0)).isEqualTo(new ServerEntry("สุขุมวิท", 20201, 1200, 22, "203.107.140.36", 20201,
                0x800, 3, 0x4, 0, 0, 9));
        assertThat(list.servers().get(10).name()).isEqualTo("Event");
        assertThat(list.servers().get(10).id()).isEqualTo(20220);
        assertThat(list.servers().get(9).flags()).isEqualTo(0x80);
        // our encoding has the same size and decodes to the same entries (the junk after NULs is not kept)
        byte[] again = ServerPacket.encode(list, Profile.TH829);
        assertThat(again).hasSize(bytes.length);
        assertThat(ServerPacket.decode(again, Profile.TH829)).isEqualTo(list);
    }

    @Test
    void theMessageServerListsDecode() throws IOException {
        for (String file : new String[] {"0009-181031.0013-9dcc.0000.dafc.0004-61a3.bin", "0009-190812.0316-fe16.0000.eede.0004-3be3.bin"}) {
            byte[] bytes = Files.readAllBytes(packetdoc().resolve("server/TH.R6.829.01/" + file));
            MessageServerList list = (MessageServerList) ServerPacket.decode(bytes, Profile.TH829);
            assertThat(list.servers()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("MessengerServer#1");
                assertThat(s.id()).isEqualTo(30301);
                assertThat(s.maxUsers()).isEqualTo(8000);
                assertThat(s.address()).isEqualTo("203.107.140.34");
                assertThat(s.port()).isEqualTo(10102);
            });
            assertThat(ServerPacket.encode(list, Profile.TH829)).hasSize(bytes.length);
        }
    }
}
