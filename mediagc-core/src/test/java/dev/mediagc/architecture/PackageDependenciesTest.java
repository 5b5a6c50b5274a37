package dev.mediagc.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How the core's packages may depend on each other: the internal packages form no cycle (each can
 * be understood, and changed, from the ones below it), the engine never calls back into the front
 * door, and what store and reference-source authors implement ({@code dev.mediagc.spi}) leans on
 * nothing internal, which may change in any release.
 */
@Tag("fast")
class PackageDependenciesTest {

    private static final String INTERNAL = "dev.mediagc.internal..";
    private static final String SPI = "dev.mediagc.spi..";

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mediagc");
    }

    @Test
    void internalPackagesFormNoCycle() {
        slices().matching("dev.mediagc.internal.(*)..").should().beFreeOfCycles().check(core);
    }

    /**
     * The front door sits on top: the engine uses the API's reports, results and exceptions, never
     * the entry points that configure and call it, so none of them can be half-built when used.
     */
    @Test
    void internalCodeNeverCallsBackIntoTheFrontDoor() {
        noClasses().that().resideInAPackage(INTERNAL).should().dependOnClassesThat()
                .haveNameMatching("dev\\.mediagc\\.(MediaGc|QuarantineRuns|Discovery)(\\$.*)?").check(core);
    }

    /** What an extension author compiles against never changes when the engine's internals do. */
    @Test
    void spiDependsOnNothingInternal() {
        noClasses().that().resideInAPackage(SPI).should().dependOnClassesThat().resideInAPackage(INTERNAL).check(core);
    }
}
