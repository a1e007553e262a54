package dev.revenant.mig33.store;

/** A chat room to create; {@code ownerId} is null for an operator's room. */
public record NewChatRoom(String name, String description, int category, int capacity, Integer ownerId,
                          String language, boolean adult, boolean allowKicking, String keywords) {}
