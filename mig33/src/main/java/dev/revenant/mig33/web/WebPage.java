package dev.revenant.mig33.web;
import java.nio.charset.StandardCharsets;

/** A page or picture of the HTTP listener's {@code /mig33/} or {@code /view/}: its content type and bytes. */
public record WebPage(String contentType, byte[] body) {

    /**
     * The markup of a page as every page of this server is built: its title (what 3.x show on the page's bar
     * and 4.x on its tab) and its body, already escaped.
     */
    public static String document(String title, String body) {
        return "<html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
    }

    /** What a phone gets for an account page whose session has ended, or a token nobody holds (404). */
    public static final WebPage ACCOUNT_PAGE_GONE = html(document("My Account",
            "<p>This page has expired. Open it again from the phone's menu.</p>"));

    /** An HTML page, UTF-8. */
    public static WebPage html(String page) {
        return new WebPage("text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code text} made safe inside an element or a quoted attribute of a page. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
