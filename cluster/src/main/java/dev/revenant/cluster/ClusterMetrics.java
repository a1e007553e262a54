package dev.revenant.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The series a node keeps of its messages to other nodes, registered at zero from the start (on a single node
 * too), so that a dashboard sees a flat line rather than no data:
 * <ul>
 *   <li>{@code revenant.cluster.deliveries{outcome}}: each delivery this node asked of another node, by how it
 *       ended: {@code delivered} (acked), {@code refused} (the other node had not the user, or nobody listened:
 *       the message is stored), {@code timed_out} (no ack within {@code deliveryTimeout}, and this node settled
 *       it first: stored), {@code late} (no ack in time, but the other node had taken it: delivered),
 *       {@code uncertain} (Redis away or restarted meanwhile: the outcome waited for Redis);</li>
 *   <li>{@code revenant.cluster.acks.resent}: acks this node sent again after it reconnected to Redis.</li>
 * </ul>
 */
public final class ClusterMetrics {
    static final String DELIVERIES = "revenant.cluster.deliveries";
    static final String ACKS_RESENT = "revenant.cluster.acks.resent";
    static final List<String> OUTCOMES = List.of("delivered", "refused", "timed_out", "late", "uncertain");

    private ClusterMetrics() {}

    public static void register(MeterRegistry meters) {
        OUTCOMES.forEach(outcome -> meters.counter(DELIVERIES, "outcome", outcome));
        meters.counter(ACKS_RESENT);
    }
}
