package dev.revenant.mig33;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.revenant.mig33.codec.Packet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mig33 module's shape, as docs/ARCHITECTURE.md draws it, checked on the compiled classes: no package
 * cycles; the codec, the pushes, the web addresses and the stores know nothing else of the module; the
 * session knows no feature; no feature knows Netty; and no field of a client's packet is read outside the
 * codec.
 */
class Mig33ShapeTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.revenant.mig33");
    }

    static final ArchRule noPackageCycles = slices().matching("dev.revenant.mig33.(**)").should().beFreeOfCycles();

    static final ArchRule theBottomKnowsNothingAbove = noClasses()
            .that().resideInAnyPackage("..mig33.codec..", "..mig33.push..", "..mig33.web..", "..mig33.store..")
            .should().dependOnClassesThat().resideInAnyPackage("..mig33.session..", "..mig33.service..",
                    "..mig33.server..", "..mig33.client..", "..mig33.config..");

    static final ArchRule theSessionKnowsNoFeature = noClasses().that().resideInAPackage("..mig33.session..")
            .should().dependOnClassesThat().resideInAnyPackage("..mig33.service..", "..mig33.server..");

    static final ArchRule featuresNeverSeeNetty = noClasses()
            .that().resideInAnyPackage("..mig33.session..", "..mig33.service..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..");

    static final ArchRule requestFieldsAreReadOnlyInTheCodec = noClasses()
            .that().resideInAnyPackage("..mig33.session..", "..mig33.service..", "..mig33.server..")
            .should().callMethod(Packet.class, "string", int.class)
            .orShould().callMethod(Packet.class, "string", int.class, String.class)
            .orShould().callMethod(Packet.class, "number", int.class, long.class)
            .orShould().callMethod(Packet.class, "integer", int.class, int.class)
            .orShould().callMethod(Packet.class, "raw", int.class)
            .orShould().callMethod(Packet.class, "has", int.class);

    /**
     * The live state that is per node today (rooms' rosters, group chats, login throttles) is chosen in one
     * place, the wiring: a feature knows only the interface, which "Several nodes" implements on Redis.
     */
    static final ArchRule onlyTheWiringChoosesWhereLiveStateLives = noClasses()
            .that().resideOutsideOfPackage("dev.revenant.mig33.service")
            .and().haveNameNotMatching(".*\\.(Local|Redis)[^.]*") // the implementations themselves
            .should().dependOnClassesThat().haveNameMatching("dev\\.revenant\\..*\\.Local[^.]*")
            .orShould().dependOnClassesThat().haveNameMatching("dev\\.revenant\\.mig33\\..*\\.Redis[^.]*")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.revenant.core.limits.LoginThrottle")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.revenant.core.limits.FailureThrottle");

    @Test
    void onlyTheWiringChoosesWhereLiveStateLives() {
        onlyTheWiringChoosesWhereLiveStateLives.check(classes);
    }

    @Test
    void noPackageCycles() {
        noPackageCycles.check(classes);
    }

    @Test
    void theBottomKnowsNothingAbove() {
        theBottomKnowsNothingAbove.check(classes);
    }

    @Test
    void theSessionKnowsNoFeature() {
        theSessionKnowsNoFeature.check(classes);
    }

    @Test
    void featuresNeverSeeNetty() {
        featuresNeverSeeNetty.check(classes);
    }

    @Test
    void requestFieldsAreReadOnlyInTheCodec() {
        requestFieldsAreReadOnlyInTheCodec.check(classes);
    }
}
