package dev.revenant.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    @Test
    void aCarryingDeliveryMakesItsFieldsOnlyWhenAskedAndOnce() {
        AtomicInteger made = new AtomicInteger();
        Object text = new Object();
        Delivery d = Delivery.carrying("message", text, () -> {
            made.incrementAndGet();
            return Delivery.fields("text", "hi", "guid", null);
        });

        assertThat(d.kind()).isEqualTo("message");
        assertThat(d.carried()).isSameAs(text);
        assertThat(made).as("nothing made while the delivery stays here").hasValue(0);
        assertThat(d.fields()).isEqualTo(Map.of("text", "hi"));
        assertThat(d.field("text")).isEqualTo("hi");
        assertThat(made).hasValue(1);
    }

    @Test
    void deliveriesAreEqualByKindAndFieldsWhateverTheyCarry() {
        Delivery carried = Delivery.carrying("presence", new Object(), () -> Delivery.fields("presence", "1"));
        Delivery copied = new Delivery("presence", Map.of("presence", "1"));
        assertThat(carried).isEqualTo(copied).hasSameHashCodeAs(copied);
        assertThat(copied.carried()).as("fields from another node carry nothing").isNull();
        assertThat(Delivery.of("presence", "presence", "2")).isNotEqualTo(copied);
    }

    @Test
    void fieldsComeInPairs() {
        assertThatThrownBy(() -> Delivery.of("x", "lonely")).isInstanceOf(IllegalArgumentException.class);
    }
}
