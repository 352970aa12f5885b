package alf.environments.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.TimeStep;
import alf.rl.Environment;
import alf.rl.EnvironmentException;
import alf.environments.classic.Acrobot;
import alf.environments.classic.CartPole;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.MountainCarContinuous;
import alf.environments.classic.Pendulum;
import alf.environments.simulator.SimulatorEnvironment;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Thread-pool batching: bit-identical results for any thread count; failures and hangs reported by env id. */
class ParallelEnvironmentTest {

    private static final int NUM_ENVS = 7;
    private static final int STEPS = 600; // long enough for terminations, truncations and auto-resets

    /** Every array of every time step of a seeded run with pseudo-random actions. */
    private static List<Object> run(Environment env) {
        List<Object> out = new ArrayList<>();
        env.seed(1234);
        record(out, env.reset());
        Rng actions = new Rng(99);
        boolean discrete = env.actionSpec().isDiscrete();
        for (int t = 0; t < STEPS; t++) {
            Tensor a;
            if (discrete) {
                long[] l = new long[env.batchSize()];
                int n = (int) env.actionSpec().maximum(0) + 1;
                for (int i = 0; i < l.length; i++) {
                    l[i] = actions.nextInt(n);
                }
                a = Tensor.of(l, env.batchSize());
            } else {
                float[] f = new float[env.batchSize()];
                double scale = env.actionSpec().maximum(0) * 1.2; // some actions get clipped
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) ((2 * actions.nextDouble() - 1) * scale);
                }
                a = Tensor.of(f, env.batchSize(), 1);
            }
            record(out, env.step(a));
        }
        env.close();
        return out;
    }

    private static void record(List<Object> out, TimeStep ts) {
        out.add(ts.stepType().toIntArray());
        out.add(ts.reward().toFloatArray());
        out.add(ts.discount().toFloatArray());
        out.add(ts.observation().toFloatArray());
        out.add(ts.prevAction().toDoubleArray());
        out.add(ts.envId().toIntArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {Pendulum.ID, MountainCarContinuous.ID, CartPole.ID, Acrobot.ID})
    void resultsAreBitIdenticalForOneTwoAndFourThreadsAndTheSerialBatch(String id) {
        List<Object> serial = run(new SimulatorEnvironment(i -> ClassicControl.create(id), NUM_ENVS));
        for (int threads : new int[] {1, 2, 4}) {
            List<Object> parallel = run(new ParallelEnvironment(i -> ClassicControl.create(id), NUM_ENVS, threads));
            assertEquals(serial.size(), parallel.size());
            for (int k = 0; k < serial.size(); k++) {
                Object s = serial.get(k);
                Object p = parallel.get(k);
                String where = id + " threads " + threads + " record " + k;
                if (s instanceof int[] si) {
                    assertArrayEquals(si, (int[]) p, where);
                } else if (s instanceof float[] sf) {
                    assertArrayEquals(sf, (float[]) p, where);
                } else {
                    assertArrayEquals((double[]) s, (double[]) p, where);
                }
            }
        }
        if (id.equals(CartPole.ID)) {
            // the run must have exercised episode ends and auto-resets
            long lastSteps = 0;
            for (int k = 0; k < serial.size(); k += 6) { // records come in groups of six; stepType first
                for (int code : (int[]) serial.get(k)) {
                    lastSteps += code == alf.data.StepType.LAST.code() ? 1 : 0;
                }
            }
            assertTrue(lastSteps > 10, "only " + lastSteps + " LAST steps");
        }
    }

    private static Tensor zeros(int b) {
        return Tensor.of(new float[b], b, 1);
    }

    @Test
    void aThrowingSubEnvironmentFailsTheStepWithItsIdAndDoesNotHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ParallelEnvironment env = new ParallelEnvironment(
                    i -> i == 3 || i == 5 ? new FaultySimulator(2, FaultySimulator.Fault.THROW) : new Pendulum(),
                    6, 2, Duration.ofSeconds(5));
            env.seed(0);
            env.reset();
            env.step(zeros(6));
            EnvironmentException e = assertThrows(EnvironmentException.class, () -> env.step(zeros(6)));
            assertEquals(3, e.envId(), "the lowest failing id is reported");
            assertTrue(e.getMessage().contains("sub-environment 3") && e.getMessage().contains("Pendulum-v1")
                    && e.getMessage().contains("simulated physics failure"), e.getMessage());
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> env.step(zeros(6)));
            assertTrue(again.getMessage().contains("reset"), again.getMessage());
            assertEquals(6, env.reset().batchSize()); // a reset recovers
            env.close();
            assertThrows(IllegalStateException.class, env::reset);
        });
    }

    @Test
    void aHangingSubEnvironmentTimesOutWithItsIdInsteadOfHanging() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ParallelEnvironment env = new ParallelEnvironment(
                    i -> i == 2 ? new FaultySimulator(1, FaultySimulator.Fault.HANG) : new Pendulum(),
                    4, 4, Duration.ofMillis(300));
            env.seed(0);
            env.reset();
            EnvironmentException e = assertThrows(EnvironmentException.class, () -> env.step(zeros(4)));
            assertEquals(2, e.envId());
            assertTrue(e.getMessage().contains("sub-environment 2") && e.getMessage().contains("did not finish"),
                    e.getMessage());
            IllegalStateException after = assertThrows(IllegalStateException.class, () -> env.step(zeros(4)));
            assertTrue(after.getMessage().contains("timeout"), after.getMessage());
            env.close();
        });
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ParallelEnvironment(i -> new Pendulum(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ParallelEnvironment(i -> new Pendulum(), 2, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ParallelEnvironment(i -> new Pendulum(), 2, 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new ParallelEnvironment(i -> i == 0 ? new Pendulum() : new CartPole(), 2, 1));
    }
}
