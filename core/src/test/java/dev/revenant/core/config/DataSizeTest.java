package dev.revenant.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataSizeTest {
    @Test
    void parsesPlainBytesAndBinarySuffixes() {
        assertThat(DataSize.parse("65536")).contains(DataSize.ofBytes(65536));
        assertThat(DataSize.parse("64KiB")).contains(DataSize.ofBytes(65536));
        assertThat(DataSize.parse("1 mib")).contains(DataSize.ofBytes(1 << 20));
        assertThat(DataSize.parse("2GiB")).contains(DataSize.ofBytes(2L << 30));
    }

    @Test
    void rejectsDecimalUnitsNegativesAndOverflow() {
        assertThat(DataSize.parse("1MB")).isEmpty();
        assertThat(DataSize.parse("-1")).isEmpty();
        assertThat(DataSize.parse("9999999999999GiB")).isEmpty();
    }

    @Test
    void printsTheLargestExactUnit() {
        assertThat(DataSize.ofKibibytes(64)).hasToString("64KiB");
        assertThat(DataSize.ofMebibytes(1)).hasToString("1MiB");
        assertThat(DataSize.ofBytes(1000)).hasToString("1000");
        assertThat(DataSize.ofBytes(0)).hasToString("0");
    }
}
