package alf.benchmarks;

import alf.algorithms.sac.SacAlgorithm;
import alf.algorithms.sac.StdTransform;
import alf.data.BoundedTensorSpec;
import alf.environments.classic.Pendulum;
import alf.optimizers.Adam;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The screen the trainer runs after every update: {@code Backend.allFinite} over each trained parameter of SAC on
 * Pendulum-v1 (twin 256-256 critics, a 256-256 actor and log α: about 200,000 float32 values). With the Vector API
 * (this class's fork) the CPU backend scans whole vectors with SIMD; to time the scalar scan, run the fork without the
 * module: {@code java -jar benchmarks/target/benchmarks.jar ParameterScreenBenchmark -f 1 -wi 3 -i 5 -jvmArgsAppend
 * -Dscalar=1} (a JVM option in place of the annotation's {@code --add-modules jdk.incubator.vector}).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParameterScreenBenchmark {
    private List<Tensor> parameters;

    @Setup
    public void setUp() {
        Pendulum pendulum = new Pendulum();
        BoundedTensorSpec obs = pendulum.observationSpec();
        BoundedTensorSpec act = pendulum.actionSpec();
        int[] layers = {256, 256};
        Adam adam = new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null);
        parameters = new SacAlgorithm(obs, act, new Rng(0), layers, layers, adam, null, null, null, 0.99, 0.005, 1,
                1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, true).trainedParameters();
    }

    /** The number of parameters found finite (all of them). */
    @Benchmark
    public int screen() {
        int finite = 0;
        for (Tensor p : parameters) {
            finite += p.backend().allFinite(p) ? 1 : 0;
        }
        return finite;
    }
}
