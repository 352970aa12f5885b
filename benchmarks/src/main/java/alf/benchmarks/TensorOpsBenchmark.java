package alf.benchmarks;

import alf.nn.Functional;
import alf.tensor.Backend;
import alf.tensor.Backends;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End-to-end cost of tensor ops through the public {@link Tensor} API on each backend (the numbers that decide the
 * default backend in {@link Backends}): the per-op overhead of tiny ops, an MLP 3→256→256→1 forward + backward at
 * batch 256 with an MSE loss, and GEMM through {@link Tensor#matmul} at (M, K, N) = (256, 256, 256), (256, 3, 256),
 * (256, 256, 1). Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar
 * TensorOpsBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TensorOpsBenchmark {
    /** The backend under test, made the default for the whole trial. */
    @Param({"cpu", "nd4j"})
    public String backend;

    private Backend previous;

    private Tensor small1;
    private Tensor small2;
    private Tensor scalar1;
    private Tensor scalar2;

    private Tensor x;
    private Tensor target;
    private Tensor w1;
    private Tensor b1;
    private Tensor w2;
    private Tensor b2;
    private Tensor w3;
    private Tensor b3;

    private Tensor a256x256;
    private Tensor b256x256;
    private Tensor a256x3;
    private Tensor b3x256;
    private Tensor b256x1;

    @Setup(Level.Trial)
    public void setUp() {
        previous = Backends.setDefault(backend);
        Rng rng = new Rng(7);
        small1 = Tensor.randn(rng, 4);
        small2 = Tensor.randn(rng, 4);
        scalar1 = Tensor.scalar(1.5);
        scalar2 = Tensor.scalar(-0.25);
        int batch = 256;
        int hidden = 256;
        x = Tensor.randn(rng, batch, 3);
        target = Tensor.randn(rng, batch, 1);
        w1 = Tensor.randn(rng, hidden, 3).mul(0.5).detach().setRequiresGrad(true);
        b1 = Tensor.zeros(hidden).setRequiresGrad(true);
        w2 = Tensor.randn(rng, hidden, hidden).mul(1.0 / 16).detach().setRequiresGrad(true);
        b2 = Tensor.zeros(hidden).setRequiresGrad(true);
        w3 = Tensor.randn(rng, 1, hidden).mul(1.0 / 16).detach().setRequiresGrad(true);
        b3 = Tensor.zeros(1).setRequiresGrad(true);
        a256x256 = Tensor.randn(rng, 256, 256);
        b256x256 = Tensor.randn(rng, 256, 256);
        a256x3 = Tensor.randn(rng, 256, 3);
        b3x256 = Tensor.randn(rng, 3, 256);
        b256x1 = Tensor.randn(rng, 256, 1);
        if (!small1.backend().name().equals(backend) || !w2.backend().name().equals(backend)) {
            throw new IllegalStateException("benchmark tensors are not on backend " + backend);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.setDefault(previous);
    }

    /** add of two [4] float32 tensors: the fixed cost of one op. */
    @Benchmark
    public Tensor tinyAdd() {
        return small1.add(small2);
    }

    /** mul of two 0-d float32 tensors. */
    @Benchmark
    public Tensor scalarMul() {
        return scalar1.mul(scalar2);
    }

    /** MLP 3→256→256→1 (relu) forward, MSE to a target, backward; batch 256. */
    @Benchmark
    public Tensor mlpForwardBackward() {
        w1.zeroGrad();
        b1.zeroGrad();
        w2.zeroGrad();
        b2.zeroGrad();
        w3.zeroGrad();
        b3.zeroGrad();
        Tensor h1 = x.matmul(w1.t()).add(b1).relu();
        Tensor h2 = h1.matmul(w2.t()).add(b2).relu();
        Tensor y = h2.matmul(w3.t()).add(b3);
        Tensor loss = Functional.mse(y, target);
        loss.backward();
        return w1.grad();
    }

    /** GEMM (M, K, N) = (256, 256, 256). */
    @Benchmark
    public Tensor gemm256x256x256() {
        return a256x256.matmul(b256x256);
    }

    /** GEMM (M, K, N) = (256, 3, 256): the first MLP layer's shape class. */
    @Benchmark
    public Tensor gemm256x3x256() {
        return a256x3.matmul(b3x256);
    }

    /** GEMM (M, K, N) = (256, 256, 1): a value head. */
    @Benchmark
    public Tensor gemm256x256x1() {
        return a256x256.matmul(b256x1);
    }
}
