package io.sen2cor.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of docs/architecture.md, enforced on the production classes: the API model, the runner, the
 * contract it shares with the operator, and the operator's packages without cycles between them.
 */
@AnalyzeClasses(packages = "io.sen2cor.operator", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    static final String ROOT = "io.sen2cor.operator";

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule apiIsTheModelOnly = noClasses().that().resideInAPackage(ROOT + ".api..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".aws..", ROOT + ".k8s..", ROOT + ".backend..",
                    ROOT + ".lifecycle..", ROOT + ".reconciler..", ROOT + ".runner..", ROOT + ".contract..", ROOT + ".status..",
                    ROOT + ".validation..", ROOT + ".metrics..", "software.amazon.awssdk..",
                    "io.javaoperatorsdk..", "io.quarkus..", "jakarta.enterprise..", "jakarta.inject..")
            .because("the CRD model carries no logic and knows no backend");

    @ArchTest
    static final ArchRule apiHasNoLogic = noMethods().that().areDeclaredInClassesThat().resideInAPackage(ROOT + ".api..")
            .and().areDeclaredInClassesThat().areNotEnums().and().areStatic()
            .should().bePublic()
            .because("the API is the CRD model: spec and status classes, constants, no helpers (they live with the code "
                    + "that uses them)")
            // today there is no static method at all in the model (Quantities moved to backend/)
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule runnerStandsAlone = noClasses().that().resideInAPackage(ROOT + ".runner..")
            .should().dependOnClassesThat().resideOutsideOfPackages(ROOT + ".runner..", ROOT + ".contract..", "java..",
                    "javax.xml..", "javax.imageio..", "org.w3c..", "org.xml..", "software.amazon.awssdk..", "com.fasterxml.jackson..")
            .because("the runner runs in the job container with its own small dependency set: no Quarkus, JOSDK or "
                    + "Fabric8, and of the operator only the contract they share (ImageIO, with jai-imageio's JPEG 2000 "
                    + "reader found through it, makes the thumbnail)");

    @ArchTest
    static final ArchRule contractStandsAlone = noClasses().that().resideInAPackage(ROOT + ".contract..")
            .should().dependOnClassesThat().resideOutsideOfPackages(ROOT + ".contract..", "java..",
                    "software.amazon.awssdk..", "com.fasterxml.jackson..")
            .because("the contract is what both sides import: it knows neither the runner program nor the operator");

    @ArchTest
    static final ArchRule operatorImportsOnlyTheRunnersContract = noClasses().that().resideOutsideOfPackages(
                    ROOT + ".runner..", ROOT + ".contract..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".runner..")
            .because("the operator ships without the runner program (its jar is a test dependency only); what they "
                    + "agree on is in the contract module");

    @ArchTest
    static final ArchRule backendHoldsPortsAndTheirRecords = classes().that().resideInAPackage(ROOT + ".backend..")
            .and().areNotInterfaces().and().areNotEnums().and().areNotAssignableTo(Record.class)
            .and().areNotMemberClasses().and().areNotAnonymousClasses()
            .should().haveSimpleName("Backends")
            .because("backend/ is the ports (JobObserver, JobActions, EnvironmentBackend), the records they speak in and "
                    + "the lookup of the backend an environment uses; helpers live where their names belong (work/, "
                    + "naming/, status/)");

    @ArchTest
    static final ArchRule awsWordsStayInAws = noClasses().that().resideInAnyPackage(ROOT + ".lifecycle..",
                    ROOT + ".backend..", ROOT + ".k8s..", ROOT + ".reconciler..", ROOT + ".validation..", ROOT + ".status..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", ROOT + ".aws..")
            .because("backends sit behind the JobBackend and EnvironmentBackend ports");

    @ArchTest
    static final ArchRule lifecycleKnowsOnlyThePort = noClasses().that().resideInAPackage(ROOT + ".lifecycle..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".k8s..", ROOT + ".reconciler..",
                    "io.fabric8.kubernetes.client..")
            .because("the job lifecycle runs on any backend, and is tested on an in-memory one");

    @ArchTest
    static final ArchRule stacKnowsNoBackend = noClasses().that().resideInAPackage(ROOT + ".stac..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".aws..", ROOT + ".k8s..", ROOT + ".reconciler..",
                    ROOT + ".lifecycle..", "software.amazon.awssdk..", "io.fabric8.kubernetes.client..")
            .because("scene selection talks to a STAC API only; the lifecycle calls it, never the other way round");

    @ArchTest
    static final ArchRule backendsDoNotCallReconcilers = classes().that().resideInAnyPackage(ROOT + ".aws..", ROOT + ".k8s..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages(ROOT + ".reconciler..", ROOT + ".lifecycle..")
            .because("dependencies point down: reconciler, lifecycle, backend ports, adapters");
}
