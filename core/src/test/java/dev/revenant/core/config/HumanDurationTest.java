package dev.revenant.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanDurationTest {
    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "3m,PT3M", "2h,PT2H", "1d,PT24H", "PT3M,PT3M", "pt1h30m,PT1H30M", " 10 s ,PT10S"})
    void parsesShortUnitsAndIso8601(String text, String iso) {
        assertThat(HumanDuration.parse(text)).contains(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "", "abc", "-5s", "3 minutes", "1w", "P", "99999999999999999999s"})
    void rejectsWhatIsNotADuration(String text) {
        assertThat(HumanDuration.parse(text)).isEmpty();
    }

    @Test
    void formatsInTheLargestExactUnitAndParsesBack() {
        assertThat(HumanDuration.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(HumanDuration.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(HumanDuration.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(HumanDuration.format(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(HumanDuration.format(Duration.ZERO)).isEqualTo("0s");
        Duration odd = Duration.ofNanos(1_500);
        assertThat(HumanDuration.parse(HumanDuration.format(odd))).contains(odd);
    }
}
