package dev.revenant.pangya.codec;

/**
 * The LoginService's client-to-server packets (spec §4): one record each, its decoder beside its encoder.
 * Decoders are strict (no trailing bytes, except Login's tail) because the server closes on anything odd.
 */
public sealed interface ClientPacket {

    /** The packet id, the first u16 of the decrypted payload. */
    int id();

    /** Writes the fields after the id. */
    void encodeBody(PacketWriter w, Profile profile);

    /** The whole payload, id included. */
    static byte[] encode(ClientPacket packet, Profile profile) {
        PacketWriter w = new PacketWriter(profile.charset()).u16(packet.id());
        packet.encodeBody(w, profile);
        return w.toByteArray();
    }

    /** Decodes a whole payload; an unknown id or a bad layout is a {@link MalformedPacketException}. */
    static ClientPacket decode(byte[] payload, Profile profile) {
        PacketReader r = new PacketReader(payload, profile.charset());
        int id = r.u16();
        ClientPacket packet = switch (id) {
            case Login.ID -> Login.decode(r);
            case SelectServer.ID -> SelectServer.decode(r);
            case Ghost.ID -> Ghost.decode(r);
            case SetNickname.ID -> SetNickname.decode(r);
            case CheckNickname.ID -> CheckNickname.decode(r);
            case SelectCharacter.ID -> SelectCharacter.decode(r);
            case Reconnect.ID -> Reconnect.decode(r);
            default -> throw new MalformedPacketException(String.format("unknown client packet 0x%04x", id));
        };
        return packet;
    }

    /**
     * 0x0001: pstring username, pstring password (plaintext or MD5 hex, by profile), then a tail the server
     * ignores (TH sends 18 constant bytes, US 17 zeros).
     */
    record Login(String username, String password) implements ClientPacket {
        public static final int ID = 0x0001;

        static Login decode(PacketReader r) {
            Login login = new Login(r.pstring(), r.pstring());
            r.skip(r.remaining());
            return login;
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.pstring(username).pstring(password).zeros(profile.loginTailLength());
        }

        @Override
        public int id() {
            return ID;
        }

        @Override
        public String toString() {
            return "Login[username=" + username + "]"; // never the password
        }
    }

    /** 0x0003: u32 server id from the 0x0002 list. */
    record SelectServer(long serverId) implements ClientPacket {
        public static final int ID = 0x0003;

        static SelectServer decode(PacketReader r) {
            SelectServer p = new SelectServer(r.u32());
            r.end();
            return p;
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u32(serverId);
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x0004: no fields; the client sends it by itself after error 5100019. */
    record Ghost() implements ClientPacket {
        public static final int ID = 0x0004;

        static Ghost decode(PacketReader r) {
            r.end();
            return new Ghost();
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {}

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x0006: pstring nickname. */
    record SetNickname(String nickname) implements ClientPacket {
        public static final int ID = 0x0006;

        static SetNickname decode(PacketReader r) {
            SetNickname p = new SetNickname(r.pstring());
            r.end();
            return p;
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.pstring(nickname);
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x0007: pstring nickname. */
    record CheckNickname(String nickname) implements ClientPacket {
        public static final int ID = 0x0007;

        static CheckNickname decode(PacketReader r) {
            CheckNickname p = new CheckNickname(r.pstring());
            r.end();
            return p;
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.pstring(nickname);
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x0008: u32 character type id (0x04000000 + n), u8 hair colour, u8 that must be 0. */
    record SelectCharacter(long characterType, int hairColour) implements ClientPacket {
        public static final int ID = 0x0008;

        static SelectCharacter decode(PacketReader r) {
            SelectCharacter p = new SelectCharacter(r.u32(), r.u8());
            if (r.u8() != 0) {
                throw new MalformedPacketException("SelectCharacter: the byte after the hair colour must be 0");
            }
            r.end();
            return p;
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u32(characterType).u8(hairColour).u8(0);
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x000B: pstring username, u32 user id, pstring login key (the one from 0x0010). */
    record Reconnect(String username, long userId, String loginKey) implements ClientPacket {
        public static final int ID = 0x000B;

        static Reconnect decode(PacketReader r) {
            Reconnect p = new Reconnect(r.pstring(), r.u32(), r.pstring());
            r.end();
            return p;
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.pstring(username).u32(userId).pstring(loginKey);
        }

        @Override
        public int id() {
            return ID;
        }

        @Override
        public String toString() {
            return "Reconnect[username=" + username + ", userId=" + userId + "]"; // never the key
        }
    }
}
