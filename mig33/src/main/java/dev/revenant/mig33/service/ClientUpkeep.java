package dev.revenant.mig33.service;

import dev.revenant.core.log.LogText;
import dev.revenant.mig33.codec.Packet;
import dev.revenant.mig33.codec.PacketType;
import dev.revenant.mig33.codec.ServerPackets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the real MIDlets send on their own, beside what their user asks for: crash reports (REPORT) and the
 * home pages they fetch through the gateway (OPEN_URL). Each gets an answer the client takes quietly: an
 * ERROR here would pop up a dialog on the phone for something its user never asked for.
 */
final class ClientUpkeep {
    private static final Logger log = LoggerFactory.getLogger(ClientUpkeep.class);
    /** How long a client may keep a page this server has nothing for before asking again: an hour. */
    static final long EMPTY_PAGE_TTL_MILLIS = 3_600_000L;
    static final int HTTP_NOT_FOUND = 404;
    /** A report's text as logged: enough for a stack trace's first lines, not a log flood. */
    static final int MAX_REPORT_CHARS = 1000;

    private final Mig33Context ctx;

    ClientUpkeep(Mig33Context ctx) {
        this.ctx = ctx;
    }

    /** Handles the packet if it is one of the clients' own; false if not. Works before login too. */
    boolean handle(Mig33Session s, Packet p) {
        switch (p.type()) {
            case PacketType.REPORT -> report(s, p);
            case PacketType.OPEN_URL -> s.send(ServerPackets.openUrlResponse(p.txn(), HTTP_NOT_FOUND, new byte[0],
                    EMPTY_PAGE_TTL_MILLIS));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * REPORT (10: 1 report type, 2 description) is how a client tells of its own crash, on its next start:
     * logged once at WARN with who and which client, and counted, so an operator sees a client break.
     * The client expects no answer.
     */
    private void report(Mig33Session s, Packet p) {
        String text = p.string(2, "");
        if (text.length() > MAX_REPORT_CHARS) {
            text = text.substring(0, MAX_REPORT_CHARS) + "…";
        }
        ctx.meters().counter("revenant.mig33.client_reports").increment();
        log.warn("event=client_report user={} client_version={} report_type={} remote={} text=\"{}\"",
                s.user() == null ? "-" : s.user(), s.clientVersion(), p.integer(1, 0), s.connection().remoteAddress(),
                LogText.escape(text));
    }
}
