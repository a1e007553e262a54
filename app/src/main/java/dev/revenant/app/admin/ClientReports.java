package dev.revenant.app.admin;

import dev.revenant.core.bus.MessageBus;
import dev.revenant.core.session.Delivery;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.push.Pushes;
import dev.revenant.mig33.session.Mig33Context;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The latest crash reports mig33 clients sent (REPORT 10, which the gateway logs, counts and publishes on
 * {@link Mig33Context#CLIENT_REPORTS_TOPIC}), kept in memory for the console: the log holds them all.
 */
public final class ClientReports implements AutoCloseable {
    /** Reports kept: enough to see a client version break, bounded whatever the clients send. */
    public static final int KEPT = 200;

    /** One report: who (empty before login), which client version, the report's type and text. */
    public record Report(String at, String user, int clientVersion, int type, String address, String text) {}

    private final Deque<Report> latest = new ArrayDeque<>();
    private final MessageBus.Subscription subscription;

    public ClientReports(MessageBus bus) {
        this.subscription = bus.subscribe(Mig33Context.CLIENT_REPORTS_TOPIC, this::take);
    }

    private void take(Delivery d) {
        if (!(Pushes.fromDelivery(d) instanceof Push.ClientReport report)) {
            return;
        }
        Report r = new Report(Instant.ofEpochMilli(report.at()).toString(), report.user(), report.clientVersion(),
                report.reportType(), report.address(), report.text());
        synchronized (latest) {
            latest.addFirst(r);
            while (latest.size() > KEPT) {
                latest.removeLast();
            }
        }
    }

    /** The latest {@code limit} reports, newest first. */
    public List<Report> latest(int limit) {
        synchronized (latest) {
            return new ArrayList<>(latest).subList(0, Math.min(Math.max(0, limit), latest.size()));
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
