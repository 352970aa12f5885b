package alf.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import alf.tensor.cpu.Gemm;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Matrix multiply {@code C[M x N] = A[M x K] · B[K x N]} (float32 and float64): ALF's {@link Gemm} against
 * OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm} (bytedeco build, operands in native memory) with the same thread
 * count for both. {@code layout} says how A and B are stored: {@code NN} both row-major, {@code NT} B transposed
 * (a Linear's forward {@code x·Wᵀ}, W stored N x K), {@code TN} A transposed (a weight gradient {@code dYᵀ·X}).
 *
 * <p>Run through JMH's launcher ({@code java --add-modules jdk.incubator.vector -jar benchmarks.jar
 * GemmBenchmark ...}) for times only, or through this class's {@link #main} ({@code java --add-modules
 * jdk.incubator.vector -cp benchmarks.jar alf.benchmarks.GemmBenchmark [JMH options]}) for a table that adds
 * the rate {@code 2·M·N·K / time} in GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    /** Product shape as {@code MxKxN}. */
    @Param({"256x256x256", "256x259x256", "256x3x256", "256x256x1"})
    public String shape;

    @Param({"float32", "float64"})
    public String dtype;

    /** Storage of A and B: {@code NN}, {@code NT} (B transposed) or {@code TN} (A transposed). */
    @Param({"NN", "NT", "TN"})
    public String layout;

    /** Threads for both libraries (ALF uses them only from its measured size threshold on). */
    @Param({"1", "2"})
    public int threads;

    private int m;
    private int k;
    private int n;
    private float[] fa;
    private float[] fb;
    private float[] fc;
    private double[] da;
    private double[] db;
    private double[] dc;
    private FloatPointer pfa;
    private FloatPointer pfb;
    private FloatPointer pfc;
    private DoublePointer pda;
    private DoublePointer pdb;
    private DoublePointer pdc;
    private int savedMaxThreads;
    private boolean transA;
    private boolean transB;

    @Setup(Level.Trial)
    public void setUp() {
        int[] mkn = parseShape(shape);
        m = mkn[0];
        k = mkn[1];
        n = mkn[2];
        if (!List.of("NN", "NT", "TN").contains(layout)) {
            throw new IllegalArgumentException("layout must be NN, NT or TN, got " + layout);
        }
        transA = layout.charAt(0) == 'T';
        transB = layout.charAt(1) == 'T';
        SplittableRandom rnd = new SplittableRandom(7);
        if (dtype.equals("float32")) {
            fa = randomFloats(m * k, rnd);
            fb = randomFloats(k * n, rnd);
            fc = new float[m * n];
            pfa = new FloatPointer(fa);
            pfb = new FloatPointer(fb);
            pfc = new FloatPointer(fc);
        } else if (dtype.equals("float64")) {
            da = randomDoubles(m * k, rnd);
            db = randomDoubles(k * n, rnd);
            dc = new double[m * n];
            pda = new DoublePointer(da);
            pdb = new DoublePointer(db);
            pdc = new DoublePointer(dc);
        } else {
            throw new IllegalArgumentException("dtype must be float32 or float64, got " + dtype);
        }
        savedMaxThreads = Gemm.maxThreads();
        Gemm.setMaxThreads(threads);
        openblas_nolapack.blas_set_num_threads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Gemm.setMaxThreads(savedMaxThreads);
        for (var p : new org.bytedeco.javacpp.Pointer[] {pfa, pfb, pfc, pda, pdb, pdc}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Benchmark
    public Object alf() {
        // element (i, p) of A at i*aRs + p*aCs: row-major M x K, or transposed (stored K x M); likewise B
        int aRs = transA ? 1 : k;
        int aCs = transA ? m : 1;
        int bRs = transB ? 1 : n;
        int bCs = transB ? k : 1;
        if (fa != null) {
            Gemm.sgemm(m, n, k, fa, 0, aRs, aCs, fb, 0, bRs, bCs, fc, 0, n, false);
            return fc;
        }
        Gemm.dgemm(m, n, k, da, 0, aRs, aCs, db, 0, bRs, bCs, dc, 0, n, false);
        return dc;
    }

    @Benchmark
    public Object openblas() {
        int opA = transA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int opB = transB ? openblas.CblasTrans : openblas.CblasNoTrans;
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (pfa != null) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, opA, opB, m, n, k, 1f, pfa, lda, pfb, ldb, 0f, pfc, n);
            return pfc;
        }
        openblas.cblas_dgemm(openblas.CblasRowMajor, opA, opB, m, n, k, 1.0, pda, lda, pdb, ldb, 0.0, pdc, n);
        return pdc;
    }

    static int[] parseShape(String shape) {
        String[] parts = shape.split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape must be MxKxN, got " + shape);
        }
        int[] mkn = new int[3];
        for (int i = 0; i < 3; i++) {
            mkn[i] = Integer.parseInt(parts[i]);
            if (mkn[i] < 1) {
                throw new IllegalArgumentException("shape sizes must be >= 1, got " + shape);
            }
        }
        return mkn;
    }

    private static float[] randomFloats(int size, SplittableRandom rnd) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static double[] randomDoubles(int size, SplittableRandom rnd) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextDouble() * 2 - 1;
        }
        return x;
    }

    /** Runs this benchmark with the given JMH command-line options and prints times and GFLOP/s. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(GemmBenchmark.class.getName() + "\\.");
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        List<String> rows = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            int[] mkn = parseShape(p.getParam("shape"));
            double micros = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            double gflops = 2.0 * mkn[0] * mkn[1] * mkn[2] / (micros * 1e3);
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            rows.add(String.format(Locale.ROOT, "| %-11s | %-7s | %-6s | %7s | %-8s | %10.2f ± %-7.2f | %8.1f |",
                    p.getParam("shape"), p.getParam("dtype"), p.getParam("layout"), p.getParam("threads"), method,
                    micros, error, gflops));
        }
        System.out.println();
        System.out.println("| MxKxN       | dtype   | layout | threads | library  | time (µs/op)         | GFLOP/s  |");
        System.out.println("|-------------|---------|--------|---------|----------|----------------------|----------|");
        rows.forEach(System.out::println);
    }
}
