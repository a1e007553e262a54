package dev.revenant.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script that Redis runs atomically, called by its SHA-1 digest ({@code EVALSHA}) so that its text
 * crosses the wire, and is hashed by Redis, only the first time a Redis sees it (after a start or a restart
 * Redis answers {@code NOSCRIPT} once, and the text is sent with {@code EVAL}, which teaches it the script).
 * Every call is a Redis command like any other: it throws (or fails) with Lettuce's {@code RedisException}
 * when Redis is away.
 */
public final class LuaScript {
    private final String text;
    private final String digest;

    public LuaScript(String text) {
        this.text = text;
        this.digest = sha1(text);
    }

    public String text() {
        return text;
    }

    /** The SHA-1 by which Redis knows the script. */
    public String digest() {
        return digest;
    }

    /** Runs the script and waits for its reply. */
    public <T> T call(RedisNode node, ScriptOutputType type, String[] keys, String... args) {
        try {
            return node.sync().evalsha(digest, type, keys, args);
        } catch (RedisNoScriptException e) {
            return node.sync().eval(text, type, keys, args);
        }
    }

    /** Runs the script without waiting. */
    public <T> CompletionStage<T> send(RedisNode node, ScriptOutputType type, String[] keys, String... args) {
        return node.async().<T>evalsha(digest, type, keys, args)
                .handle((reply, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(reply);
                    }
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    return cause instanceof RedisNoScriptException
                            ? node.async().<T>eval(text, type, keys, args).toCompletableFuture()
                            : CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(x -> x);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java has SHA-1
        }
    }
}
