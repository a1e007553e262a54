package dev.revenant.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules' shape, as docs/ARCHITECTURE.md draws it, checked on the compiled classes of the whole server
 * (the app's classpath holds every module, the load generator's too): dependencies point down, and no module
 * has a package cycle.
 */
class ModuleShapeTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.revenant");
    }

    static final ArchRule coreKnowsNoProtocol = noClasses().that().resideInAPackage("dev.revenant.core..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.revenant.mig33..", "dev.revenant.pangya..", "dev.revenant.app..");

    static final ArchRule theProtocolsKnowOnlyCore = noClasses()
            .that().resideInAnyPackage("dev.revenant.mig33..", "dev.revenant.pangya..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.revenant.app..");

    static final ArchRule mig33DoesNotKnowPangya = noClasses().that().resideInAPackage("dev.revenant.mig33..")
            .should().dependOnClassesThat().resideInAPackage("dev.revenant.pangya..");

    static final ArchRule pangyaDoesNotKnowMig33 = noClasses().that().resideInAPackage("dev.revenant.pangya..")
            .should().dependOnClassesThat().resideInAPackage("dev.revenant.mig33..");

    /** Several nodes on Redis is infrastructure, like core: it knows no protocol and nothing of the app. */
    static final ArchRule theClusterKnowsOnlyCore = noClasses().that().resideInAPackage("dev.revenant.cluster..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.revenant.mig33..", "dev.revenant.pangya..", "dev.revenant.app..", "dev.revenant.loadgen..");

    static final ArchRule coreKnowsNothingOfTheCluster = noClasses().that().resideInAPackage("dev.revenant.core..")
            .should().dependOnClassesThat().resideInAPackage("dev.revenant.cluster..");

    static final ArchRule noCycleInCore = slices().matching("dev.revenant.core.(**)").should().beFreeOfCycles();

    static final ArchRule noCycleInPangya = slices().matching("dev.revenant.pangya.(**)").should().beFreeOfCycles();

    static final ArchRule noCycleInTheApp = slices().matching("dev.revenant.app.(**)").should().beFreeOfCycles();

    /** The load generator is a client of the server: only the wiring of {@code revenant bench} knows it. */
    static final ArchRule theServerDoesNotKnowTheLoadGenerator = noClasses()
            .that().resideInAnyPackage("dev.revenant.app..", "dev.revenant.mig33..", "dev.revenant.pangya..",
                    "dev.revenant.core..")
            .and().doNotHaveFullyQualifiedName(Revenant.class.getName())
            .and().doNotHaveFullyQualifiedName(InProcessRevenant.class.getName())
            .should().dependOnClassesThat().resideInAPackage("dev.revenant.loadgen..");

    /** The app depends on the load generator for {@code revenant bench}; it gets its server as a LocalRevenant. */
    static final ArchRule theLoadGeneratorDoesNotKnowTheApp = noClasses()
            .that().resideInAPackage("dev.revenant.loadgen..")
            .should().dependOnClassesThat().resideInAPackage("dev.revenant.app..");

    static final ArchRule theAdminCommandsDoNotDependOnTheServer = noClasses()
            .that().resideInAPackage("dev.revenant.app.cli..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.revenant.app.RevenantServer");

    @Test
    void theClusterKnowsOnlyCore() {
        theClusterKnowsOnlyCore.check(classes);
        coreKnowsNothingOfTheCluster.check(classes);
    }

    @Test
    void coreKnowsNoProtocol() {
        coreKnowsNoProtocol.check(classes);
    }

    @Test
    void theProtocolsKnowOnlyCore() {
        theProtocolsKnowOnlyCore.check(classes);
    }

    @Test
    void mig33DoesNotKnowPangya() {
        mig33DoesNotKnowPangya.check(classes);
    }

    @Test
    void pangyaDoesNotKnowMig33() {
        pangyaDoesNotKnowMig33.check(classes);
    }

    @Test
    void noCycleInCore() {
        noCycleInCore.check(classes);
    }

    @Test
    void noCycleInPangya() {
        noCycleInPangya.check(classes);
    }

    @Test
    void noCycleInTheApp() {
        noCycleInTheApp.check(classes);
    }

    @Test
    void theServerDoesNotKnowTheLoadGenerator() {
        theServerDoesNotKnowTheLoadGenerator.check(classes);
    }

    @Test
    void theLoadGeneratorDoesNotKnowTheApp() {
        theLoadGeneratorDoesNotKnowTheApp.check(classes);
    }

    @Test
    void theAdminCommandsDoNotDependOnTheServer() {
        theAdminCommandsDoNotDependOnTheServer.check(classes);
    }
}
