package dev.revenant.pangya.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The LoginService's server-to-client packets (spec §5): one record each, its encoder beside its decoder
 * (the decoders serve the client library and the tests).
 */
public sealed interface ServerPacket {

    int id();

    void encodeBody(PacketWriter w, Profile profile);

    /** The whole payload, id included. */
    static byte[] encode(ServerPacket packet, Profile profile) {
        PacketWriter w = new PacketWriter(profile.charset()).u16(packet.id());
        packet.encodeBody(w, profile);
        return w.toByteArray();
    }

    static ServerPacket decode(byte[] payload, Profile profile) {
        PacketReader r = new PacketReader(payload, profile.charset());
        int id = r.u16();
        ServerPacket packet = switch (id) {
            case LoginResult.ID -> LoginResult.decode(r, profile);
            case GameServerList.ID -> GameServerList.decode(r, profile);
            case SessionKey.ID -> SessionKey.decode(r);
            case ChatMacros.ID -> ChatMacros.decode(r);
            case MessageServerList.ID -> MessageServerList.decode(r);
            case NicknameCheck.ID -> NicknameCheck.decode(r);
            case LoginKey.ID -> LoginKey.decode(r);
            case CharacterSelected.ID -> CharacterSelected.decode(r);
            default -> throw new MalformedPacketException(String.format("unknown server packet 0x%04x", id));
        };
        r.end();
        return packet;
    }

    /** 0x0001, the Login result: a status byte (values by profile), then by status. */
    sealed interface LoginResult extends ServerPacket {
        int ID = 0x0001;

        @Override
        default int id() {
            return ID;
        }

        private static LoginResult decode(PacketReader r, Profile profile) {
            int status = r.u8();
            if (status == Profile.STATUS_SUCCESS) {
                String username = r.pstring();
                long userId = r.u32();
                r.skip(Profile.SUCCESS_UNKNOWN_LENGTH);
                return new LoginSuccess(username, userId, r.pstring());
            }
            if (status == profile.statusNeedNickname()) {
                r.skip(4);
                return new NeedNickname();
            }
            if (status == profile.statusNeedCharacter()) {
                return new NeedCharacter();
            }
            if (status == profile.statusError()) {
                return new LoginFailure(r.u32());
            }
            throw new MalformedPacketException("Login result with status " + status + " unknown to " + profile.name());
        }
    }

    /** Success: pstring username, u32 user id, the profile's 14 bytes, pstring nickname. */
    record LoginSuccess(String username, long userId, String nickname) implements LoginResult {
        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(Profile.STATUS_SUCCESS).pstring(username).u32(userId).bytes(profile.successUnknown()).pstring(nickname);
        }
    }

    /** The account has no nickname yet: u32 0xFFFFFFFF. */
    record NeedNickname() implements LoginResult {
        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(profile.statusNeedNickname()).u32(0xFFFFFFFFL);
        }
    }

    /** The account has a nickname but no character yet. */
    record NeedCharacter() implements LoginResult {
        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(profile.statusNeedCharacter());
        }
    }

    /** An error status with a u32 code ({@link LoginError}). */
    record LoginFailure(long code) implements LoginResult {
        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(profile.statusError()).u32(code);
        }
    }

    /** 0x0002: u8 count, count game-server entries of the profile's size. */
    record GameServerList(List<ServerEntry> servers) implements ServerPacket {
        public static final int ID = 0x0002;

        public GameServerList {
            servers = List.copyOf(servers);
            if (servers.size() > 255) {
                throw new IllegalArgumentException("at most 255 game servers fit in the list");
            }
        }

        static GameServerList decode(PacketReader r, Profile profile) {
            return new GameServerList(entries(r, profile.serverEntrySize()));
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(servers.size());
            servers.forEach(s -> s.encode(w, profile.serverEntrySize()));
        }

        @Override
        public int id() {
            return ID;
        }
    }

    private static List<ServerEntry> entries(PacketReader r, int size) {
        int count = r.u8();
        List<ServerEntry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ServerEntry.decode(r, size));
        }
        return out;
    }

    /** 0x0003: u32 0, pstring game session key (answer to the client's SelectServer). */
    record SessionKey(String key) implements ServerPacket {
        public static final int ID = 0x0003;

        static SessionKey decode(PacketReader r) {
            long zero = r.u32();
            if (zero != 0) {
                throw new MalformedPacketException("SessionKey: expected u32 0, found " + zero);
            }
            return new SessionKey(r.pstring());
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u32(0).pstring(key);
        }

        @Override
        public int id() {
            return ID;
        }

        @Override
        public String toString() {
            return "SessionKey[…]";
        }
    }

    /** 0x0006: 9 chat macros, strz[64] each. */
    record ChatMacros(List<String> macros) implements ServerPacket {
        public static final int ID = 0x0006;
        public static final int COUNT = 9;
        public static final int SIZE = 64;

        public ChatMacros {
            macros = List.copyOf(macros);
            if (macros.size() != COUNT) {
                throw new IllegalArgumentException("exactly 9 chat macros, not " + macros.size());
            }
        }

        static ChatMacros decode(PacketReader r) {
            List<String> out = new ArrayList<>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                out.add(r.strz(SIZE));
            }
            return new ChatMacros(out);
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            macros.forEach(m -> w.strz(m, SIZE));
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x0009: u8 count, count 92-byte entries (no channel count in any client). */
    record MessageServerList(List<ServerEntry> servers) implements ServerPacket {
        public static final int ID = 0x0009;

        public MessageServerList {
            servers = List.copyOf(servers);
            if (servers.size() > 255) {
                throw new IllegalArgumentException("at most 255 message servers fit in the list");
            }
        }

        static MessageServerList decode(PacketReader r) {
            return new MessageServerList(entries(r, ServerEntry.SIZE));
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(servers.size());
            servers.forEach(s -> s.encode(w, ServerEntry.SIZE));
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x000E: u32 result; on 0 the nickname is echoed as a pstring. */
    record NicknameCheck(long result, String nickname) implements ServerPacket {
        public static final int ID = 0x000E;
        public static final long AVAILABLE = 0;

        static NicknameCheck decode(PacketReader r) {
            long result = r.u32();
            return new NicknameCheck(result, result == AVAILABLE ? r.pstring() : "");
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u32(result);
            if (result == AVAILABLE) {
                w.pstring(nickname);
            }
        }

        @Override
        public int id() {
            return ID;
        }
    }

    /** 0x0010: pstring login key, kept by the client for the game server and for Reconnect. */
    record LoginKey(String key) implements ServerPacket {
        public static final int ID = 0x0010;

        static LoginKey decode(PacketReader r) {
            return new LoginKey(r.pstring());
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.pstring(key);
        }

        @Override
        public int id() {
            return ID;
        }

        @Override
        public String toString() {
            return "LoginKey[…]";
        }
    }

    /** 0x0011: u8 0, the character was stored. */
    record CharacterSelected() implements ServerPacket {
        public static final int ID = 0x0011;

        static CharacterSelected decode(PacketReader r) {
            if (r.u8() != 0) {
                throw new MalformedPacketException("CharacterSelected: expected 0");
            }
            return new CharacterSelected();
        }

        @Override
        public void encodeBody(PacketWriter w, Profile profile) {
            w.u8(0);
        }

        @Override
        public int id() {
            return ID;
        }
    }
}
