package dev.revenant.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.pangya.PangyaConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The defaults file (revenant-defaults.yml, what an operator reads and what serve runs on) and the built-in
 * defaults the modules use on their own (tests, the bench's in-process server) are the same, every option.
 */
class DefaultsAgreeTest {
    @Test
    void theDefaultsFileIsTheBuiltInDefaults() {
        RevenantConfig file = RevenantConfig.load(Optional.empty(), Map.of(), Map.of()).value();
        assertThat(file.mig33()).usingRecursiveComparison().isEqualTo(Mig33Config.defaults());
        assertThat(file.pangya()).usingRecursiveComparison().isEqualTo(PangyaConfig.defaults());
    }
}
