package alf.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times several builds of the project side by side in one JVM, for A/B comparisons on a shared, loaded machine: each
 * build is loaded from its own class path (e.g. the shaded benchmarks.jar of the old and of the new commit, or class
 * folders put in front of one jar), and short timed blocks alternate between the builds, in an order rotated every
 * round, so that all of them see the same drift in load. Prints, per build, the median, quartiles and minimum of its
 * block times and the median of its paired ratio to the first build (its block divided by the first build's block in
 * the same round), which cancels load that changes slowly.
 *
 * <p>Usage: {@code BuildsSideBySide sac ROUNDS BLOCK NAME=CLASSPATH,GEMM_THREADS ...} times the captured SAC update of
 * {@link SacUpdateBenchmark} (batch 256, 256-256 networks, obs 3 / act 1; BLOCK updates per block, after 300
 * warm-up updates). {@code BuildsSideBySide gemm ROUNDS BLOCK NAME=CLASSPATH,GEMM_THREADS ...} times float32
 * {@code Gemm.sgemm} 256 x 256 x 256 in three layouts: NN (both row-major), NT (B transposed, a Linear's
 * {@code x·Wᵀ}) and TN (A transposed, a weight gradient), and checks that every build gives the same bits.
 * CLASSPATH is a colon-separated list of jars and class folders.
 */
public final class BuildsSideBySide {
    private static final int SIZE = 256;
    private static final String[] LAYOUTS = {"NN", "NT", "TN"};

    private BuildsSideBySide() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4 || !(args[0].equals("sac") || args[0].equals("gemm"))) {
            System.err.println("usage: BuildsSideBySide sac|gemm ROUNDS BLOCK NAME=CLASSPATH,GEMM_THREADS ...");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[1]);
        int block = Integer.parseInt(args[2]);
        String[] names = new String[args.length - 3];
        ClassLoader[] loaders = new ClassLoader[names.length];
        int[] threads = new int[names.length];
        for (int v = 0; v < names.length; v++) {
            String[] nameRest = args[v + 3].split("=", 2);
            String[] pathThreads = nameRest.length == 2 ? nameRest[1].split(",") : new String[0];
            if (pathThreads.length != 2) {
                throw new IllegalArgumentException("build '" + args[v + 3] + "' must read NAME=CLASSPATH,GEMM_THREADS");
            }
            names[v] = nameRest[0];
            loaders[v] = loader(pathThreads[0]);
            threads[v] = Integer.parseInt(pathThreads[1]);
        }
        if (args[0].equals("sac")) {
            report(names, sac(loaders, threads, rounds, block), "ms per update: ");
        } else {
            double[][][] times = gemm(loaders, threads, rounds, block);
            for (int l = 0; l < LAYOUTS.length; l++) {
                report(names, times[l], "µs per sgemm 256³ " + LAYOUTS[l] + ": ");
            }
        }
    }

    private static ClassLoader loader(String classPath) throws MalformedURLException {
        String[] parts = classPath.split(":");
        URL[] urls = new URL[parts.length];
        for (int i = 0; i < parts.length; i++) {
            urls[i] = Path.of(parts[i]).toUri().toURL();
        }
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    /** Block times (ms per update) of the captured SAC update, [build][round]. */
    private static double[][] sac(ClassLoader[] loaders, int[] threads, int rounds, int block) throws Throwable {
        int builds = loaders.length;
        Object[] bench = new Object[builds];
        Method[] update = new Method[builds];
        for (int v = 0; v < builds; v++) {
            Thread.currentThread().setContextClassLoader(loaders[v]);
            Class<?> c = Class.forName(SacUpdateBenchmark.class.getName(), true, loaders[v]);
            Object b = c.getConstructor().newInstance();
            c.getField("batch").setInt(b, SIZE);
            c.getField("hidden").setInt(b, SIZE);
            c.getField("shape").set(b, "3x1");
            c.getField("gemmThreads").setInt(b, threads[v]);
            c.getField("capture").setBoolean(b, true);
            c.getMethod("setUp").invoke(b);
            update[v] = c.getMethod("update");
            for (int i = 0; i < 300; i++) {
                update[v].invoke(b);
            }
            bench[v] = b;
        }
        double[][] times = new double[builds][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < builds; i++) {
                int v = (i + r) % builds;
                long start = System.nanoTime();
                for (int u = 0; u < block; u++) {
                    update[v].invoke(bench[v]);
                }
                times[v][r] = (System.nanoTime() - start) / 1e6 / block;
            }
        }
        return times;
    }

    /** Block times (µs per product) of sgemm 256³, [layout][build][round]; fails if builds disagree on a bit. */
    private static double[][][] gemm(ClassLoader[] loaders, int[] threads, int rounds, int block) throws Throwable {
        int builds = loaders.length;
        MethodHandle[] sgemm = new MethodHandle[builds];
        MethodType type = MethodType.methodType(void.class, int.class, int.class, int.class, float[].class, int.class,
                int.class, int.class, float[].class, int.class, int.class, int.class, float[].class, int.class,
                int.class, boolean.class);
        for (int v = 0; v < builds; v++) {
            Class<?> g = Class.forName("alf.tensor.cpu.Gemm", true, loaders[v]);
            g.getMethod("setMaxThreads", int.class).invoke(null, threads[v]);
            sgemm[v] = MethodHandles.publicLookup().findStatic(g, "sgemm", type);
        }
        SplittableRandom rnd = new SplittableRandom(1);
        float[] a = new float[SIZE * SIZE];
        float[] b = new float[SIZE * SIZE];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
            b[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] c = new float[SIZE * SIZE];
        float[][][] results = new float[LAYOUTS.length][builds][];
        double[][][] times = new double[LAYOUTS.length][builds][rounds];
        for (int r = -1; r < rounds; r++) {
            for (int l = 0; l < LAYOUTS.length; l++) {
                boolean transA = LAYOUTS[l].charAt(0) == 'T';
                boolean transB = LAYOUTS[l].charAt(1) == 'T';
                int aRs = transA ? 1 : SIZE;
                int aCs = transA ? SIZE : 1;
                int bRs = transB ? 1 : SIZE;
                int bCs = transB ? SIZE : 1;
                for (int i = 0; i < builds; i++) {
                    int v = (i + Math.max(r, 0)) % builds;
                    int reps = r < 0 ? 20 * block : block; // round -1 warms up
                    long start = System.nanoTime();
                    for (int u = 0; u < reps; u++) {
                        sgemm[v].invokeExact(SIZE, SIZE, SIZE, a, 0, aRs, aCs, b, 0, bRs, bCs, c, 0, SIZE, false);
                    }
                    if (r < 0) {
                        results[l][v] = c.clone();
                        if (v > 0 && !Arrays.equals(results[l][0], c)) {
                            throw new IllegalStateException("builds 0 and " + v + " differ in layout " + LAYOUTS[l]);
                        }
                    } else {
                        times[l][v][r] = (System.nanoTime() - start) / 1e3 / reps;
                    }
                }
            }
        }
        return times;
    }

    private static void report(String[] names, double[][] times, String label) {
        int rounds = times[0].length;
        for (int v = 0; v < names.length; v++) {
            double[] t = times[v].clone();
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = times[v][r] / times[0][r];
            }
            Arrays.sort(t);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%s%-14s median %.3f  quartiles %.3f-%.3f  min %.3f  paired ratio to %s: "
                    + "median %.3f (quartiles %.3f-%.3f)%n", label, names[v], t[rounds / 2], t[rounds / 4],
                    t[3 * rounds / 4], t[0], names[0], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
    }
}
