package dev.revenant.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A module's section read alone from its own defaults resource, with the loader's checks. */
class DefaultsTest {
    private static final String RESOURCES = "dev/revenant/core/config/";

    @Test
    void aSectionBindsAloneAndIsReadOnce() {
        SampleConfig.Worker worker = Defaults.of(RESOURCES + "sample-worker.yml", "worker", SampleConfig.Worker.class);

        assertThat(worker).isEqualTo(new SampleConfig.Worker(Duration.ofMinutes(3), 100));
        assertThat(Defaults.of(RESOURCES + "sample-worker.yml", "worker", SampleConfig.Worker.class)).isSameAs(worker);
    }

    @Test
    void anOptionTheSectionLacksIsNamedWithItsFile() {
        assertThatThrownBy(() -> Defaults.of(RESOURCES + "sample-worker-incomplete.yml", "worker", SampleConfig.Worker.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("worker.queueSize has no default in " + RESOURCES + "sample-worker-incomplete.yml");
    }

    @Test
    void aDefaultWithoutAnOptionIsNamedWithItsFile() {
        assertThatThrownBy(() -> Defaults.of(RESOURCES + "sample-worker-extra.yml", "worker", SampleConfig.Worker.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the worker defaults in " + RESOURCES + "sample-worker-extra.yml do not bind:"
                        + " unknown option 'threads' in the built-in defaults");
    }

    @Test
    void aMissingSectionOrFileIsNamed() {
        assertThatThrownBy(() -> Defaults.of(RESOURCES + "sample-top.yml", "worker", SampleConfig.Worker.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(RESOURCES + "sample-top.yml has no section worker");
        assertThatThrownBy(() -> Defaults.of(RESOURCES + "nowhere.yml", "worker", SampleConfig.Worker.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("missing class-path resource " + RESOURCES + "nowhere.yml");
    }
}
