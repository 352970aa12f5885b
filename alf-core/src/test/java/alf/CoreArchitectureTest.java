package alf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import alf.tensor.Tensor;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of alf-core (docs/architecture.md), checked on its compiled classes: no package cycles,
 * layers depend only downwards, generic code never names a backend implementation, and the core never depends on
 * the modules above it or on a backend module. Cross-module arrows are checked by {@code ModuleArchitectureTest} in
 * experiments, which sees every module.
 */
class CoreArchitectureTest {
    /** alf-core's main classes: the classes directory or jar that holds {@link Tensor}. */
    private static final JavaClasses CORE = new ClassFileImporter()
            .importUrl(Tensor.class.getProtectionDomain().getCodeSource().getLocation());

    @Test
    void noPackageCycles() {
        slices().matching("alf.(**)").should().beFreeOfCycles().check(CORE);
    }

    /** alf-core's packages from the bottom up: each may use only those before it (docs/architecture.md). */
    private static final String[] LAYERS = {"tensor", "io", "config", "nn", "distributions", "optimizers",
        "summary", "data", "rl", "trainers"};

    @Test
    void layersDependOnlyDownwards() {
        Architectures.LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            rule = rule.layer(layer).definedBy("alf." + layer + "..");
        }
        for (int i = 0; i < LAYERS.length; i++) {
            String[] above = java.util.Arrays.copyOfRange(LAYERS, i + 1, LAYERS.length);
            rule = above.length == 0 ? rule.whereLayer(LAYERS[i]).mayNotBeAccessedByAnyLayer()
                    : rule.whereLayer(LAYERS[i]).mayOnlyBeAccessedByLayers(above);
        }
        rule.check(CORE);
    }

    @Test
    void genericCodeNeverNamesABackendImplementation() {
        noClasses().that().resideOutsideOfPackage("alf.tensor.cpu..")
                .should().dependOnClassesThat().resideInAPackage("alf.tensor.cpu..")
                .because("backends are found through BackendProvider; host transfer and thread settings go "
                        + "through the Backend SPI")
                .check(CORE);
    }

    @Test
    void coreNeverDependsOnTheModulesAboveItOrOnABackendModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("alf.environments..", "alf.algorithms..",
                "alf.experiments..", "alf.tensor.nd4j..", "alf.tensor.cuda..", "org.nd4j..", "org.bytedeco..")
                .check(CORE);
    }
}
