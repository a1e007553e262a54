package dev.revenant.pangya.server;

import dev.revenant.pangya.codec.Profile;
import dev.revenant.pangya.codec.ServerPacket;
import dev.revenant.pangya.crypto.Lzo;
import dev.revenant.pangya.crypto.ServerFrameCipher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.concurrent.ThreadLocalRandom;

/** Encodes a server packet, compresses it (LZO1X-1) and encrypts it under a random salt (spec §2.5). */
final class ServerFrameEncoder extends MessageToByteEncoder<ServerPacket> {
    private final ServerFrameCipher cipher;
    private final int key;
    private final Profile profile;

    ServerFrameEncoder(ServerFrameCipher cipher, int key, Profile profile) {
        super(ServerPacket.class);
        this.cipher = cipher;
        this.key = key;
        this.profile = profile;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ServerPacket packet, ByteBuf out) {
        byte[] payload = ServerPacket.encode(packet, profile);
        int salt = ThreadLocalRandom.current().nextInt(256);
        out.writeBytes(cipher.encrypt(key, salt, Lzo.compress(payload), payload.length));
    }
}
