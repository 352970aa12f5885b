package alf.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops (jdk.incubator.vector) of the float32 fused bias + ReLU and its backward ({@link BiasReluKernel}) over
 * whole row-major blocks: one loop nest per call instead of a kernel dispatch per row and op. The values are those of
 * the separate kernels: {@code relu(z + b)} is the float sum rounded once and then the exact {@code max(·, 0)} (which
 * keeps NaN, as relu must); the backward passes the gradient where the output is {@code > 0} (0 where it is ≤ 0 or
 * NaN) and adds each row into the column sums in double, row after row, as {@link CpuBackend#reduce} does.
 */
final class BiasReluVectors {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private BiasReluVectors() {
    }

    /**
     * {@code o[r, j] = relu(z[r, j] + b[j])} for {@code rows} rows of {@code n}, row {@code r} of z at
     * {@code zo + r*zRs} and of o at {@code oo + r*oRs}; o may be z.
     */
    static void forward(float[] z, int zo, int zRs, float[] b, int bo, float[] o, int oo, int oRs, int rows, int n) {
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++, zo += zRs, oo += oRs) {
            int j = 0;
            for (; j < bound; j += FS.length()) {
                FloatVector.fromArray(FS, z, zo + j).add(FloatVector.fromArray(FS, b, bo + j)).max(0f)
                        .intoArray(o, oo + j);
            }
            for (; j < n; j++) {
                o[oo + j] = BiasReluKernel.relu(z[zo + j] + b[bo + j]);
            }
        }
    }

    /**
     * {@code gz[r, j] = y[r, j] > 0 ? g[r, j] : 0} and {@code sums[j] += gz[r, j]} (in double, rows in order) for
     * {@code rows} rows of {@code n}.
     */
    static void backward(float[] g, int go, float[] y, int yo, float[] gz, int zo, double[] sums, int rows, int n) {
        int bound = FS.loopBound(n);
        for (int r = 0; r < rows; r++, go += n, yo += n, zo += n) {
            int j = 0;
            for (; j < bound; j += FS.length()) {
                FloatVector out = FloatVector.fromArray(FS, y, yo + j);
                FloatVector.fromArray(FS, g, go + j).blend(0f, out.compare(VectorOperators.GT, 0f).not())
                        .intoArray(gz, zo + j);
            }
            for (; j < n; j++) {
                gz[zo + j] = y[yo + j] > 0f ? g[go + j] : 0f;
            }
            BiasReluKernel.addRows(gz, zo, 1, n, sums);
        }
    }
}
