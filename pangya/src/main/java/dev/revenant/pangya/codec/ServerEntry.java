package dev.revenant.pangya.codec;

/**
 * One game or message server in 0x0002 / 0x0009 (spec §6): 92 bytes, plus a u8 channel count (0) in US 852's
 * game-server list. Layout from the pangbox packetdoc (ISC) and the spec; event map / app rate are read as
 * two u16 (inferred: every capture has zeros there).
 */
public record ServerEntry(
        String name,
        long id,
        long maxUsers,
        long currentUsers,
        String address,
        int port,
        long flags,
        long angelicWings,
        int boosts,
        int eventMap,
        int appRate,
        int icon) {

    public static final int SIZE = 92;

    void encode(PacketWriter w, int size) {
        w.strz(name, 40).u32(id).u32(maxUsers).u32(currentUsers).strz(address, 18).u16(port).u16(0)
                .u32(flags).u32(angelicWings).u16(boosts).u16(eventMap).u16(appRate).u16(0).u16(icon);
        if (size > SIZE) {
            w.zeros(size - SIZE); // US 852: channel count 0
        }
    }

    static ServerEntry decode(PacketReader r, int size) {
        String name = r.strz(40);
        long id = r.u32();
        long max = r.u32();
        long current = r.u32();
        String address = r.strz(18);
        int port = r.u16();
        r.skip(2);
        long flags = r.u32();
        long wings = r.u32();
        int boosts = r.u16();
        int eventMap = r.u16();
        int appRate = r.u16();
        r.skip(2);
        int icon = r.u16();
        r.skip(size - SIZE);
        return new ServerEntry(name, id, max, current, address, port, flags, wings, boosts, eventMap, appRate, icon);
    }
}
