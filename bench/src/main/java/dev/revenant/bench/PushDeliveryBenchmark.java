package dev.revenant.bench;

import dev.revenant.core.session.Delivery;
import dev.revenant.mig33.push.Push;
import dev.revenant.mig33.push.Pushes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A private text's way through the bus, from the sender's session to the recipient's: {@code here} is a
 * recipient on the same node (the push travels as itself, {@link Delivery#carrying}); {@code crossing} makes
 * and reads back the string fields, as a delivery to another node does, and as every delivery did before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PushDeliveryBenchmark {
    private final Push.PrivateText text = new Push.PrivateText(1, "alice", "bob",
            "hey, are you coming to the game tonight?", "6f1c2a9e-0d4b-4a57-9c1e-3b2f8e7d6a51", 1_763_900_000_000L);

    @Benchmark
    public Push here() {
        return Pushes.fromDelivery(text.toDelivery());
    }

    @Benchmark
    public Push crossing() {
        Delivery made = text.toDelivery();
        return Pushes.fromDelivery(new Delivery(made.kind(), made.fields()));
    }
}
