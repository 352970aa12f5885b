package alf.experiments.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.Alf;
import alf.optimizers.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer playground: f and its autograd gradient, deterministic trajectories, progress, output files. */
class OptimizerPlaygroundTest {
    @TempDir
    Path dir;

    /** f computed independently in plain Java from the formula. */
    private static double f(double x, double y) {
        double q1 = x * x + 4 * (y - 1) * (y - 1);
        double q2 = x * x - 4 * x * (y + 2) + 10 * (y + 2) * (y + 2);
        return Math.exp(-0.5 * q1) - Math.exp(-0.5 * q2);
    }

    /** ∇f by hand: ∇ exp(−½q) = −exp(−½q) P (x − m). */
    private static double[] grad(double x, double y) {
        double e1 = Math.exp(-0.5 * (x * x + 4 * (y - 1) * (y - 1)));
        double e2 = Math.exp(-0.5 * (x * x - 4 * x * (y + 2) + 10 * (y + 2) * (y + 2)));
        return new double[] {-e1 * x + e2 * (x - 2 * (y + 2)), -e1 * 4 * (y - 1) + e2 * (-2 * x + 10 * (y + 2))};
    }

    @Test
    void valueMatchesTheFormula() {
        for (double[] p : new double[][] {{0.8, 0.8}, {0, 1}, {0, -2}, {-1.3, 0.4}}) {
            assertEquals(f(p[0], p[1]), DifferenceOfGaussians.at(p[0], p[1]), 1e-15);
        }
    }

    @Test
    void gradientDescentStepFollowsTheAnalyticGradient() {
        PlaygroundOptimizer gd = new PlaygroundOptimizer("gd", "Sgd lr 0.1",
                () -> new Sgd(0.1, 0, 0, false, 0, null, null));
        Trajectory t = OptimizerPlayground.run(gd, OptimizerPlayground.START, 2);
        double[] g = grad(0.8, 0.8);
        assertEquals(0.8 - 0.1 * g[0], t.x1()[1], 1e-14);
        assertEquals(0.8 - 0.1 * g[1], t.x2()[1], 1e-14);
        assertEquals(f(t.x1()[1], t.x2()[1]), t.f()[1], 1e-15);
    }

    @Test
    void trajectoriesAreDeterministicAndEveryOptimizerDecreasesF() {
        List<Trajectory> a = OptimizerPlayground.runAll(PlaygroundOptimizer.standard(), OptimizerPlayground.START,
                100);
        List<Trajectory> b = OptimizerPlayground.runAll(PlaygroundOptimizer.standard(), OptimizerPlayground.START,
                100);
        assertEquals(4, a.size());
        for (int i = 0; i < a.size(); i++) {
            Trajectory t = a.get(i);
            String name = t.optimizer().name();
            assertArrayEquals(t.x1(), b.get(i).x1(), 0, name);
            assertArrayEquals(t.x2(), b.get(i).x2(), 0, name);
            assertArrayEquals(t.f(), b.get(i).f(), 0, name);
            assertEquals(f(0.8, 0.8), t.f()[0], 1e-15);
            assertTrue(t.f()[1] < t.f()[0], name + ": the first step must decrease f");
            assertTrue(t.f()[100] < t.f()[0], name + ": f must end below its start");
        }
        // momentum and both Adams cross the plateau into the valley near m2 = (0, -2), where f is about -1
        for (int i = 1; i < 4; i++) {
            assertTrue(a.get(i).f()[100] < -0.9, a.get(i).optimizer().name() + " ends at f = " + a.get(i).f()[100]);
        }
        // PyTorch-style and TensorFlow-style Adam take different paths
        assertTrue(!Arrays.equals(a.get(2).x1(), a.get(3).x1()));
    }

    @Test
    void commandWritesPlotsAndCsv() throws IOException {
        assertEquals(0, Alf.execute("playground", "--out", dir.toString(), "--steps", "30"));
        for (String png : List.of(PlaygroundReport.CONTOUR_PNG, PlaygroundReport.LOSS_PNG)) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), png);
        }
        List<String> csv = Files.readAllLines(dir.resolve(PlaygroundReport.TRAJECTORIES_CSV));
        assertEquals("optimizer,settings,step,x1,x2,f", csv.get(0));
        assertEquals(1 + 4 * 31, csv.size());
        assertTrue(csv.get(1).startsWith("gradient descent,Sgd lr 0.1,0,0.8,0.8,"), csv.get(1));
        assertTrue(csv.contains(csv.stream().filter(l -> l.startsWith("momentum,\"Sgd lr 0.1, momentum 0.9\",30,"))
                .findFirst().orElseThrow()));
        assertEquals(1, Alf.execute("playground", "--out", dir.toString(), "--steps", "0"));
    }
}
