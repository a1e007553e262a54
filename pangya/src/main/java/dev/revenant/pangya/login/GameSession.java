package dev.revenant.pangya.login;

import java.time.Instant;

/**
 * What a game server learns from a session key the LoginService issued: who, for which server, until when.
 */
public record GameSession(long userId, String username, String nickname, long serverId, Instant expiresAt) {}
