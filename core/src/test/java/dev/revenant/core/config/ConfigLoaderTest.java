package dev.revenant.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String RESOURCES = "dev/revenant/core/config/";

    private final ConfigLoader<SampleConfig> loader =
            new ConfigLoader<>(SampleConfig.class, List.of(SampleConfig.DEFAULTS), Set.of("REVENANT_CONFIG"));

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("revenant.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private SampleConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return loader.load(file, env, flags).value();
    }

    @Test
    void defaultsAloneBindEveryKindOfValue() {
        SampleConfig c = load(Optional.empty(), Map.of(), Map.of());

        assertThat(c.name()).isEqualTo("sample");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ports()).containsExactly(9119);
        assertThat(c.frameLimit()).isEqualTo(DataSize.ofKibibytes(64));
        assertThat(c.enabled()).isTrue();
        assertThat(c.worker()).isEqualTo(new SampleConfig.Worker(Duration.ofMinutes(3), 100));
        assertThat(c.labels()).isEmpty();
    }

    @Test
    void fileBeatsDefaultsEnvironmentBeatsFileFlagBeatsEnvironment() throws IOException {
        Path f = file("name: from-file\ntimeout: 1m\nworker:\n  queueSize: 5\n");
        Map<String, String> env = Map.of("REVENANT_TIMEOUT", "2m", "REVENANT_WORKER_QUEUE_SIZE", "6");
        Map<String, String> flags = Map.of("worker.queueSize", "7");

        LoadedConfig<SampleConfig> loaded = loader.load(Optional.of(f), env, flags);
        SampleConfig c = loaded.value();

        assertThat(c.name()).isEqualTo("from-file");
        assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.worker().queueSize()).isEqualTo(7);
        assertThat(c.worker().idleTimeout()).as("untouched sibling keeps its default").isEqualTo(Duration.ofMinutes(3));
        assertThat(loaded.originOf("name")).isEqualTo("in " + f);
        assertThat(loaded.originOf("timeout")).isEqualTo("from environment variable REVENANT_TIMEOUT");
        assertThat(loaded.originOf("worker.queueSize")).isEqualTo("from the command line");
        assertThat(loaded.originOf("worker.idleTimeout")).isEqualTo("in the built-in defaults");
    }

    @Test
    void durationsAcceptShortUnitsAndIso8601FromEveryLayer() throws IOException {
        Path f = file("timeout: 500ms\n");
        assertThat(load(Optional.of(f), Map.of(), Map.of()).timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(load(Optional.empty(), Map.of("REVENANT_TIMEOUT", "PT3M"), Map.of()).timeout())
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(load(Optional.empty(), Map.of(), Map.of("worker.idleTimeout", "1d")).worker().idleTimeout())
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aBadDurationNamesTheOptionTheLayerAndTheSyntax() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("REVENANT_WORKER_IDLE_TIMEOUT", "soon"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value for worker.idleTimeout: 'soon' (expected " + HumanDuration.EXPECTED
                        + ") from environment variable REVENANT_WORKER_IDLE_TIMEOUT");
    }

    @Test
    void aBareNumberIsNotADurationBecauseItsUnitWouldBeAGuess() throws IOException {
        Path f = file("timeout: 30\n");
        assertThatThrownBy(() -> load(Optional.of(f), Map.of(), Map.of()))
                .hasMessageStartingWith("invalid value for timeout: '30'")
                .hasMessageEndingWith("in " + f);
    }

    @Test
    void listsTakeCommaSeparatedValuesFromEnvironmentAndFlags() {
        assertThat(load(Optional.empty(), Map.of("REVENANT_PORTS", "9119, 9120,9121"), Map.of()).ports())
                .containsExactly(9119, 9120, 9121);
        assertThat(load(Optional.empty(), Map.of(), Map.of("ports", "25")).ports()).containsExactly(25);
    }

    @Test
    void aFileListReplacesTheDefaultListAndABadElementNamesTheList() throws IOException {
        assertThat(load(Optional.of(file("ports: [1, 2]\n")), Map.of(), Map.of()).ports()).containsExactly(1, 2);

        assertThatThrownBy(() -> load(Optional.empty(), Map.of("REVENANT_PORTS", "1,two"), Map.of()))
                .hasMessage("invalid value for ports: 'two' (expected a number) from environment variable REVENANT_PORTS");
    }

    @Test
    void sizesAcceptBinarySuffixes() {
        assertThat(load(Optional.empty(), Map.of(), Map.of("frameLimit", "1MiB")).frameLimit().bytes())
                .isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("frameLimit", "1MB")))
                .hasMessage("invalid value for frameLimit: '1MB' (expected " + DataSize.EXPECTED + ") from the command line");
    }

    @Test
    void anUnknownFileOptionIsNamedWithItsFile() throws IOException {
        Path f = file("worker:\n  queueSise: 3\n");
        assertThatThrownBy(() -> load(Optional.of(f), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown option 'worker.queueSise' in " + f);
    }

    @Test
    void anUnknownRevenantVariableIsAnErrorOtherVariablesAreNot() {
        Map<String, String> env = Map.of("REVENANT_TIMEOUTS", "3s", "PATH", "/bin", "REVENANT_CONFIG", "x.yml");
        assertThatThrownBy(() -> load(Optional.empty(), env, Map.of()))
                .hasMessage("unknown environment variable REVENANT_TIMEOUTS: no option is spelled that way");

        assertThat(load(Optional.empty(), Map.of("PATH", "/bin", "REVENANT_CONFIG", "x.yml"), Map.of()).name())
                .isEqualTo("sample");
    }

    @Test
    void anUnknownFlagIsNamed() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("worker.queue", "3")))
                .hasMessage("unknown option 'worker.queue' from the command line");
    }

    @Test
    void aWrongTypeNamesOptionValueAndLayer() throws IOException {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("REVENANT_WORKER_QUEUE_SIZE", "abc"), Map.of()))
                .hasMessage("invalid value for worker.queueSize: 'abc' (expected a number)"
                        + " from environment variable REVENANT_WORKER_QUEUE_SIZE");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("enabled", "yes please")))
                .hasMessage("invalid value for enabled: 'yes please' (expected true or false) from the command line");
        Path f = file("worker:\n  queueSize: 2.5\n");
        assertThatThrownBy(() -> load(Optional.of(f), Map.of(), Map.of()))
                .hasMessageStartingWith("invalid value for worker.queueSize")
                .hasMessageContaining("in " + f);
    }

    @Test
    void aRecordThatRefusesItsValueIsReportedByOptionAndLayer() {
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("REVENANT_WORKER_QUEUE_SIZE", "0"), Map.of()))
                .hasMessage("worker.queueSize must be positive, not 0 (from environment variable REVENANT_WORKER_QUEUE_SIZE)");
    }

    @Test
    void sectionsAndValuesCannotBeSwapped() throws IOException {
        Path section = file("worker: 5\n");
        assertThatThrownBy(() -> load(Optional.of(section), Map.of(), Map.of()))
                .hasMessage("'worker' is a section of options, but in " + section + " gives it a single value");
        Path value = file("name:\n  first: a\n");
        assertThatThrownBy(() -> load(Optional.of(value), Map.of(), Map.of()))
                .hasMessage("option 'name' takes a value, but in " + value + " gives it a section");
        Path empty = file("name:\n");
        assertThatThrownBy(() -> load(Optional.of(empty), Map.of(), Map.of()))
                .hasMessageStartingWith("option 'name' has no value in " + empty);
    }

    @Test
    void anEmptySectionInTheDefaultsIsAnOpenMap() throws IOException {
        Path f = file("labels:\n  region: eu\n  tier: gold\n");
        assertThat(load(Optional.of(f), Map.of(), Map.of()).labels()).containsEntry("region", "eu").containsEntry("tier", "gold");
    }

    @Test
    void aMissingOrBrokenFileIsReportedByName() throws IOException {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> load(Optional.of(missing), Map.of(), Map.of()))
                .hasMessage("config file " + missing + " does not exist");
        Path broken = file("name: a\n  worker: [\n");
        assertThatThrownBy(() -> load(Optional.of(broken), Map.of(), Map.of()))
                .hasMessageStartingWith("config file " + broken + " is not valid YAML (line 2)");
        Path list = file("- a\n- b\n");
        assertThatThrownBy(() -> load(Optional.of(list), Map.of(), Map.of()))
                .hasMessage(list + " must be a mapping of options at the top level");
    }

    @Test
    void anEmptyFileChangesNothing() throws IOException {
        assertThat(load(Optional.of(file("# nothing yet\n")), Map.of(), Map.of()))
                .isEqualTo(load(Optional.empty(), Map.of(), Map.of()));
    }

    @Test
    void everyOptionHasItsEnvironmentName() {
        assertThat(loader.environmentNames())
                .containsEntry("worker.idleTimeout", "REVENANT_WORKER_IDLE_TIMEOUT")
                .containsEntry("frameLimit", "REVENANT_FRAME_LIMIT")
                .doesNotContainKey("labels");
    }

    @Test
    void theRenderedTreeLoadsBackToTheSameValue() throws IOException {
        LoadedConfig<SampleConfig> changed = loader.load(Optional.empty(),
                Map.of("REVENANT_TIMEOUT", "1500ms", "REVENANT_PORTS", "1,2"), Map.of("frameLimit", "3MiB"));

        Path rendered = file(changed.toMaskedYaml());

        assertThat(load(Optional.of(rendered), Map.of(), Map.of())).isEqualTo(changed.value());
        assertThat(changed.toMaskedYaml()).contains("timeout: 1500ms").contains("frameLimit: 3MiB");
    }

    @Test
    void anOptionWithoutADefaultFailsAtConstruction() {
        assertThatThrownBy(() -> new ConfigLoader<>(SampleConfig.Worker.class, RESOURCES + "worker-missing.yml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("queueSize has no default in " + RESOURCES + "worker-missing.yml");
    }

    @Test
    void aDefaultWithoutAnOptionFailsAtConstruction() {
        assertThatThrownBy(() -> new ConfigLoader<>(SampleConfig.Worker.class, RESOURCES + "worker-extra.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown option 'threads' in the built-in defaults");
    }

    @Test
    void twoOptionsWithOneEnvironmentNameFailAtConstruction() {
        assertThatThrownBy(() -> new ConfigLoader<>(SampleConfig.Worker.class, RESOURCES + "clash.yml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("options aB and a.b share the variable REVENANT_A_B");
    }

    @Test
    void defaultsSplitAcrossResourcesLoadAsOneFile() {
        ConfigLoader<SampleConfig> split = new ConfigLoader<>(SampleConfig.class,
                List.of(RESOURCES + "sample-top.yml", RESOURCES + "sample-worker.yml"), Set.of());

        assertThat(split.load(Optional.empty(), Map.of(), Map.of()).value())
                .isEqualTo(load(Optional.empty(), Map.of(), Map.of()));
        assertThat(split.environmentNames()).isEqualTo(loader.environmentNames());
        Map<String, String> env = Map.of("REVENANT_WORKER_QUEUE_SIZE", "9");
        assertThat(split.load(Optional.empty(), env, Map.of()).value().worker().queueSize()).isEqualTo(9);
    }

    @Test
    void aSectionInTwoResourcesFailsAtConstruction() {
        assertThatThrownBy(() -> new ConfigLoader<>(SampleConfig.class,
                List.of(SampleConfig.DEFAULTS, RESOURCES + "sample-worker.yml"), Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("worker is in both " + SampleConfig.DEFAULTS + " and " + RESOURCES + "sample-worker.yml");
    }

    @Test
    void anOptionMissingFromItsSectionsResourceIsNamedWithThatResource() {
        assertThatThrownBy(() -> new ConfigLoader<>(SampleConfig.class,
                List.of(RESOURCES + "sample-top.yml", RESOURCES + "sample-worker-incomplete.yml"), Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("worker.queueSize has no default in " + RESOURCES + "sample-worker-incomplete.yml");
        assertThatThrownBy(() -> new ConfigLoader<>(SampleConfig.class,
                List.of(RESOURCES + "sample-top.yml", RESOURCES + "nothing.yml"), Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("worker has no default in any of " + RESOURCES + "sample-top.yml, "
                        + RESOURCES + "nothing.yml");
    }

    @Test
    void listDefaultsStayLists() {
        assertThat(load(Optional.empty(), Map.of(), Map.of("ports", "")).ports()).isEqualTo(List.of());
    }
}
