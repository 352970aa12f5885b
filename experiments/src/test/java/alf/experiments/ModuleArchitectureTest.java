package alf.experiments;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import alf.algorithms.sac.SacAlgorithm;
import alf.environments.classic.Pendulum;
import alf.tensor.BackendProvider;
import alf.tensor.Tensor;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the Maven modules (docs/architecture.md), checked on the classes of each module as found on
 * this module's class path (experiments sees them all): alf-core depends on no module above it and on no backend
 * module; backend modules depend on alf-core's tensor layer only, never on algorithms, environments or experiments;
 * environments and algorithms do not know each other or experiments; and no class outside a backend's own package
 * names a backend implementation.
 */
class ModuleArchitectureTest {
    private static final JavaClasses CORE = classesOf(Tensor.class);
    private static final JavaClasses ENVIRONMENTS = classesOf(Pendulum.class);
    private static final JavaClasses ALGORITHMS = classesOf(SacAlgorithm.class);
    private static final JavaClasses EXPERIMENTS = classesOf(Alf.class);

    /** Every class of the module (jar or classes directory) that holds {@code member}. */
    private static JavaClasses classesOf(Class<?> member) {
        return new ClassFileImporter().importUrl(locationOf(member));
    }

    private static URL locationOf(Class<?> member) {
        return member.getProtectionDomain().getCodeSource().getLocation();
    }

    /** The classes of every backend module on the class path (the modules that provide a backend besides core). */
    private static List<JavaClasses> backendModules() {
        List<JavaClasses> modules = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (!locationOf(p.getClass()).equals(locationOf(Tensor.class))) {
                modules.add(classesOf(p.getClass()));
            }
        }
        return modules;
    }

    @Test
    void theNd4jAndCudaBackendModulesAreOnTheClassPath() {
        // the rules below would hold vacuously without them; experiments depends on both backend modules on purpose
        org.junit.jupiter.api.Assertions.assertEquals(2, backendModules().size());
    }

    @Test
    void coreDependsOnNoModuleAboveItAndOnNoBackendModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("alf.environments..", "alf.algorithms..",
                "alf.experiments..", "alf.tensor.nd4j..", "alf.tensor.cuda..", "org.nd4j..", "org.bytedeco..",
                "jcuda..").check(CORE);
    }

    @Test
    void backendModulesDependOnlyOnTheTensorLayer() {
        for (JavaClasses backend : backendModules()) {
            noClasses().should().dependOnClassesThat().resideInAnyPackage("alf.environments..", "alf.algorithms..",
                    "alf.experiments..", "alf.nn..", "alf.optimizers..", "alf.distributions..", "alf.trainers..",
                    "alf.rl..", "alf.io..", "alf.data..", "alf.config..", "alf.tensor.cpu..").check(backend);
        }
    }

    @Test
    void environmentsAndAlgorithmsDoNotKnowEachOtherOrTheExperiments() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("alf.algorithms..", "alf.experiments..")
                .check(ENVIRONMENTS);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("alf.environments..", "alf.experiments..")
                .check(ALGORITHMS);
    }

    @Test
    void noModuleNamesABackendImplementation() {
        for (JavaClasses module : List.of(ENVIRONMENTS, ALGORITHMS, EXPERIMENTS)) {
            noClasses().should().dependOnClassesThat().resideInAnyPackage("alf.tensor.cpu..", "alf.tensor.nd4j..",
                    "alf.tensor.cuda..").because("backends are found through BackendProvider and chosen by name (-Dalf.backend)")
                    .check(module);
        }
    }

    /**
     * The same bits on every JDK: {@code Math.tanh} and {@code Math.cbrt} became intrinsics with other bits in
     * JDK 24 (tanh differs on JDK 25 for about 20 % of 2 million arguments), so the code calls {@code StrictMath}'s,
     * which is what they are on JDK 17. The other {@code Math} functions it uses (exp, log, log1p, expm1, sin, cos,
     * pow, atan2, sqrt, ...) gave the same bits on JDK 17 and 25 for 2 million arguments each (docs/performance.md,
     * "Results across JDKs", also on the Vector API's lane sums).
     */
    @Test
    void noModuleCallsMathFunctionsWhoseBitsDependOnTheJdk() {
        for (JavaClasses module : List.of(CORE, ENVIRONMENTS, ALGORITHMS, EXPERIMENTS)) {
            noClasses().should().callMethod(Math.class, "tanh", double.class)
                    .orShould().callMethod(Math.class, "cbrt", double.class)
                    .because("their results differ between JDK 17 and JDK 24+; StrictMath's are the same everywhere")
                    .check(module);
        }
        for (JavaClasses module : backendModules()) {
            noClasses().should().callMethod(Math.class, "tanh", double.class)
                    .orShould().callMethod(Math.class, "cbrt", double.class).check(module);
        }
    }
}
