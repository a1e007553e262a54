package dev.revenant.mig33.service;

/** A page or picture of the HTTP listener's {@code /mig33/}: its content type and bytes. */
public record WebPage(String contentType, byte[] body) {}
