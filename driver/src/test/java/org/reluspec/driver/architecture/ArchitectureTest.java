package org.reluspec.driver.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes of jobs and
 * driver (dl4j is a separate module, kept above jobs by Maven itself).
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.reluspec");
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.reluspec.(*).(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void jobsUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage("org.reluspec.jobs..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "org.reluspec.jobs..", "java..", "javax..", "jdk.incubator.vector..")
                .check(classes);
    }

    @Test
    void experimentsDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("org.reluspec.jobs.twolayer..")
                .should().dependOnClassesThat().resideInAPackage("org.reluspec.jobs.multilayer..")
                .check(classes);
        noClasses().that().resideInAPackage("org.reluspec.jobs.multilayer..")
                .should().dependOnClassesThat().resideInAPackage("org.reluspec.jobs.twolayer..")
                .check(classes);
    }

    @Test
    void commandsAreTheTopLayer() {
        noClasses().that().resideInAPackage("org.reluspec.driver..")
                .and().resideOutsideOfPackage("org.reluspec.driver.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.reluspec.driver.cli..")
                .check(classes);
    }
}
