package dev.revenant.loadgen;

import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.codec.ServerPacket.ChatMacros;
import dev.revenant.pangya.codec.ServerPacket.GameServerList;
import dev.revenant.pangya.codec.ServerPacket.LoginFailure;
import dev.revenant.pangya.codec.ServerPacket.LoginKey;
import dev.revenant.pangya.codec.ServerPacket.LoginSuccess;
import dev.revenant.pangya.codec.ServerPacket.MessageServerList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The answer to a PangYa Login as a load generator reads it: either a {@link LoginFailure} first, or the
 * five packets of a success (LoginSuccess, login key, chat macros, message and game server lists) in
 * whatever order the server sends them. Revenant sends them in the spec's order; another server may not.
 */
record LoginAnswer(LoginFailure failure, GameServerList gameServers, List<String> order) {
    /** The packet types of a successful answer; each comes exactly once. */
    static final List<Class<? extends ServerPacket>> SUCCESS = List.of(LoginSuccess.class, LoginKey.class,
            ChatMacros.class, MessageServerList.class, GameServerList.class);

    boolean succeeded() {
        return failure == null;
    }

    /**
     * Reads packets from {@code next} until the answer is whole.
     *
     * @throws IllegalStateException on a packet that is not part of the answer, or one that comes twice
     */
    static LoginAnswer read(Supplier<ServerPacket> next) {
        List<Class<?>> seen = new ArrayList<>(SUCCESS.size());
        List<String> order = new ArrayList<>(SUCCESS.size());
        GameServerList games = null;
        while (seen.size() < SUCCESS.size()) {
            ServerPacket p = next.get();
            if (p instanceof LoginFailure f && seen.isEmpty()) {
                return new LoginAnswer(f, null, List.of(p.getClass().getSimpleName()));
            }
            if (!SUCCESS.contains(p.getClass()) || seen.contains(p.getClass())) {
                throw new IllegalStateException("login answer: unexpected " + p + " after " + order);
            }
            seen.add(p.getClass());
            order.add(p.getClass().getSimpleName());
            if (p instanceof GameServerList g) {
                games = g;
            }
        }
        return new LoginAnswer(null, games, List.copyOf(order));
    }
}
