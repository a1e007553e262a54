package dev.revenant.app.config;

import dev.revenant.cluster.ClusterConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revenant.mig33.config.Mig33Config;
import dev.revenant.pangya.PangyaConfig;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each section's defaults are written once, in the YAML of the module that owns the section: what serve
 * loads is what the modules' own {@code defaults()} give their tests and tools, and each file is in its
 * module's jar and nowhere else on the class path.
 */
class SectionDefaultsTest {
    @Test
    void theLoadedDefaultsAreEachSectionsOwn() {
        RevenantConfig loaded = RevenantConfig.load(Optional.empty(), Map.of(), Map.of()).value();

        assertThat(loaded.mig33()).isEqualTo(Mig33Config.defaults());
        assertThat(loaded.pangya()).isEqualTo(PangyaConfig.defaults());
        assertThat(loaded.cluster()).isEqualTo(ClusterConfig.defaults());
        assertThat(loaded.http()).isEqualTo(HttpConfig.defaults(loaded.http().host(), loaded.http().port()));
    }

    @Test
    void eachSectionsFileIsInItsModulesJarAndOnlyThere() throws IOException {
        Map<Class<?>, String> owners = Map.of(RevenantConfig.class, RevenantConfig.DEFAULTS_RESOURCE,
                Mig33Config.class, Mig33Config.DEFAULTS_RESOURCE, PangyaConfig.class, PangyaConfig.DEFAULTS_RESOURCE,
                ClusterConfig.class, ClusterConfig.DEFAULTS_RESOURCE);
        assertThat(RevenantConfig.ALL_DEFAULTS).containsExactlyInAnyOrderElementsOf(owners.values());
        for (Map.Entry<Class<?>, String> owner : owners.entrySet()) {
            String name = owner.getValue();
            List<URL> copies = Collections.list(owner.getKey().getClassLoader().getResources(name));
            // the module's classes directory (a reactor build's test phase) or its jar (package and later)
            String module = owner.getKey().getProtectionDomain().getCodeSource().getLocation().toString();
            assertThat(copies).as(name).hasSize(1);
            assertThat(copies.get(0).toString()).as(name).isIn(module + name, "jar:" + module + "!/" + name);
        }
    }
}
