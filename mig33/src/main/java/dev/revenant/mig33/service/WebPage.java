package dev.revenant.mig33.service;

/** A page or picture of the HTTP listener's {@code /mig33/} or {@code /view/}: its content type and bytes. */
public record WebPage(String contentType, byte[] body) {

    /** An HTML page, UTF-8. */
    static WebPage html(String page) {
        return new WebPage("text/html; charset=utf-8", page.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
