package alf.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading sweep and comparison blocks: axes, their product, the trials' overrides, and precise errors. */
class SweepSpecTest {
    @TempDir
    Path dir;

    @BeforeEach
    void base() throws IOException {
        Files.writeString(dir.resolve("base.conf"), "TrainerConfig { seed = 0 }\n");
    }

    private Path file(String text) throws IOException {
        Path f = dir.resolve("sweep.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void gridAndVariantsMakeTheCartesianProductInNameOrder() throws IOException {
        SweepSpec spec = SweepSpec.read(file("""
                Sweep {
                  base = "base.conf"
                  params = [ "TrainerConfig.numEnvSteps = 300" ]
                  variants { B = [ "x.y = 2" ], A = [ "x.y = 1" ] }
                  grid {
                    "SacAlgorithm.gamma" = [0.9, 0.99]
                    TrainerConfig.batchSize = [32]
                    "SacAlgorithm.actorHiddenSizes" = [[8, 8]]
                  }
                  seeds = [3, 1]
                }
                """), SweepSpec.SWEEP_BLOCK);
        assertEquals(List.of(dir.resolve("base.conf").toAbsolutePath().normalize()), spec.baseFiles());
        assertEquals(List.of("variant", "SacAlgorithm.actorHiddenSizes", "SacAlgorithm.gamma",
                "TrainerConfig.batchSize"), spec.axes().stream().map(SweepAxis::name).toList());
        List<Combination> combos = spec.combinations();
        assertEquals(4, combos.size());
        assertEquals("A, SacAlgorithm.actorHiddenSizes=[8,8], SacAlgorithm.gamma=0.9, TrainerConfig.batchSize=32",
                combos.get(0).label());
        assertEquals("A__SacAlgorithm.actorHiddenSizes=_8_8___SacAlgorithm.gamma=0.9__TrainerConfig.batchSize=32",
                combos.get(0).dirName());
        assertEquals("B, SacAlgorithm.actorHiddenSizes=[8,8], SacAlgorithm.gamma=0.99, TrainerConfig.batchSize=32",
                combos.get(3).label());
        List<Trial> trials = spec.trials(dir.resolve("out"));
        assertEquals(8, trials.size());
        Trial first = trials.get(0);
        assertEquals(3, first.seed());
        assertEquals(dir.resolve("out").resolve(combos.get(0).dirName()).resolve("seed-3"), first.runDir());
        assertEquals(List.of("TrainerConfig.numEnvSteps = 300", "x.y = 1", "SacAlgorithm.actorHiddenSizes=[8,8]",
                "SacAlgorithm.gamma=0.9", "TrainerConfig.batchSize=32", "TrainerConfig.seed=3"), first.params());
    }

    @Test
    void comparisonNeedsVariantsAndSeedsMayBeACount() throws IOException {
        SweepSpec spec = SweepSpec.read(file("""
                Comparison { base = ["base.conf"], variants { Adam = "a.b = 1", AdamTF = [] }, seeds = 3 }
                """), SweepSpec.COMPARISON_BLOCK);
        assertEquals(List.of(0L, 1L, 2L), spec.seeds());
        assertEquals(List.of("Adam", "AdamTF"), spec.combinations().stream().map(Combination::label).toList());
        assertEquals(List.of(0L, 1L), spec.withSeedCount(2).seeds());
        assertEquals(List.of("k=v"), spec.withExtraParams(List.of("k=v")).params());
    }

    @Test
    void noAxesMeansTheBaseAlone() throws IOException {
        SweepSpec spec = SweepSpec.read(file("Sweep { base = base.conf, seeds = [0] }"), SweepSpec.SWEEP_BLOCK);
        assertEquals(List.of("base"), spec.combinations().stream().map(Combination::label).toList());
    }

    @Test
    void errorsNameTheFileAndTheKey() throws IOException {
        assertMessage("unknown key 'Comparison.grid'", """
                Comparison { base = "base.conf", variants { A = [] }, grid { a = [1] }, seeds = [0] }""",
                SweepSpec.COMPARISON_BLOCK);
        assertMessage("Comparison needs 'variants", "Comparison { base = \"base.conf\", seeds = [0] }",
                SweepSpec.COMPARISON_BLOCK);
        assertMessage("has no 'Sweep { ... }' block (top-level keys: [Comparison])",
                "Comparison { base = \"base.conf\", seeds = [0] }", SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.base names 'missing.conf', which is not a file",
                "Sweep { base = \"missing.conf\", seeds = [0] }", SweepSpec.SWEEP_BLOCK);
        assertMessage("'seeds' repeats a seed: [1, 1]", "Sweep { base = \"base.conf\", seeds = [1, 1] }",
                SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.seeds holds '0.5', which is not an integer",
                "Sweep { base = \"base.conf\", seeds = [0.5] }", SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.grid.a.b must be a list of values, got NUMBER 1",
                "Sweep { base = \"base.conf\", grid { a.b = 1 }, seeds = [0] }", SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.grid.a lists no values", "Sweep { base = \"base.conf\", grid { a = [] }, seeds = [0] }",
                SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.variants.A holds 1, which is not a string",
                "Sweep { base = \"base.conf\", variants { A = [1] }, seeds = [0] }", SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.variants has the name '..', which is not a safe directory name",
                "Sweep { base = \"base.conf\", variants { \"..\" = [] }, seeds = [0] }", SweepSpec.SWEEP_BLOCK);
        assertMessage("Sweep.variants has the name 'x/../../y', which is not a safe directory name",
                "Sweep { base = \"base.conf\", variants { \"x/../../y\" = [] }, seeds = [0] }",
                SweepSpec.SWEEP_BLOCK);
        assertMessage("map to the same directory name 'a_b'",
                "Sweep { base = \"base.conf\", variants { \"a b\" = [], \"a+b\" = [], a_b = [] }, seeds = [0] }",
                SweepSpec.SWEEP_BLOCK);
    }

    private void assertMessage(String expected, String text, String block) throws IOException {
        Path f = file(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            SweepSpec spec = SweepSpec.read(f, block);
            spec.combinations();
        });
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
