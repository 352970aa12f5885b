package alf.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 kernel of {@link Gemm} on the Vector API. Generated: its class body is derived from
 * {@code GemmFloat}'s by {@code GemmDoubleGenerator} (test sources), so do not edit it by hand; edit GemmFloat and
 * regenerate ({@code GemmSourceTest} fails while the two disagree).
 */
final class GemmDouble {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int DV = DS.length();

    /**
     * Rows of the register tile: 8 when vectors are 512 bits (2 x 8 accumulators + 2 B vectors + 1 broadcast fit
     * the 32 AVX-512 registers), 6 otherwise (2 x 6 + 3 fit the 16 registers of AVX2).
     */
    static final int MR = DS.vectorBitSize() >= 512 ? 8 : 6;
    /** Columns of the register tile: two vectors. */
    static final int D_NR = 2 * DV;

    /** Largest k-block; k is split into equal blocks no larger than this (the split depends on k only). */
    private static final int D_KC = 256;
    /** Rows of A packed per block (multiple of MR). */
    private static final int D_MC = 16 * MR;
    /** Columns of B packed per panel (multiple of NR). */
    private static final int D_NC = 64 * D_NR;

    private static final ThreadLocal<DoubleWork> DOUBLE_WORK = ThreadLocal.withInitial(DoubleWork::new);

    private GemmDouble() {
    }

    /** Computes one block of C (the whole product or one thread's share) along the given path. */
    static void dgemmBlock(int path, int m, int n, int k,
                           double[] a, int aOff, int aRs, int aCs,
                           double[] b, int bOff, int bRs, int bCs,
                           double[] c, int cOff, int ldc, boolean accumulate) {
        switch (path) {
            case Gemm.PATH_GEMV_COLUMN -> dgemv(m, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, accumulate);
            case Gemm.PATH_GEMV_ROW -> dgemv(n, k, b, bOff, bCs, bRs, a, aOff, aCs, c, cOff, 1, accumulate);
            case Gemm.PATH_SMALL_K -> dgemmSmallK(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc,
                    accumulate);
            default -> dgemmPacked(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

    /**
     * Sequential packed GEMM (Goto's five loops around the micro-kernel). A is read in place when
     * {@link Gemm#readsAInPlace} says so (rows with contiguous elements, small enough to stay in L2): the
     * micro-kernel then broadcasts A's elements from its rows and only a last sliver of fewer than MR rows is
     * packed (zero-padded). Whether A is packed changes no arithmetic: each element of C is the same chain of
     * fused multiply-adds in increasing {@code p} over the same k-blocks.
     */
    private static void dgemmPacked(int m, int n, int k,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] c, int cOff, int ldc, boolean accumulate) {
        DoubleWork w = DOUBLE_WORK.get();
        int kBlocks = (k + D_KC - 1) / D_KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.min(D_NC, Gemm.roundUp(n, D_NR));
        int mcMax = Math.min(D_MC, Gemm.roundUp(m, MR));
        boolean directA = Gemm.readsAInPlace(m, k, aCs);
        double[] packA = w.packA((directA ? MR : mcMax) * kcMax);
        double[] packB = w.packB(ncMax * kcMax);
        double[] tile = w.tile;
        for (int jc = 0; jc < n; jc += D_NC) {
            int nc = Math.min(D_NC, n - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) kb * k / kBlocks);
                int kc = (int) ((long) (kb + 1) * k / kBlocks) - pc;
                packBDouble(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, packB);
                boolean load = accumulate || kb > 0;
                for (int ic = 0; ic < m; ic += D_MC) {
                    int mc = Math.min(D_MC, m - ic);
                    int aPanel = aOff + ic * aRs + pc * aCs;
                    if (directA) {
                        int mFull = mc - mc % MR;
                        if (mFull < mc) {
                            packADouble(mc - mFull, kc, a, aPanel + mFull * aRs, aRs, aCs, packA);
                        }
                    } else {
                        packADouble(mc, kc, a, aPanel, aRs, aCs, packA);
                    }
                    macroKernelDouble(mc, nc, kc, directA ? a : packA, aPanel, aRs, packA, packB,
                            c, cOff + ic * ldc + jc, ldc, load, tile);
                }
            }
        }
    }

    /** Packs A[0..mc) x [0..kc) into MR-row slivers: sliver s holds A[s*MR + r][p] at s*MR*kc + p*MR + r. */
    private static void packADouble(int mc, int kc, double[] a, int off, int rs, int cs, double[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int rows = Math.min(MR, mc - i0);
            int base = i0 * kc;
            if (rows == MR && rs == 1) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, off + i0 + p * cs, dst, base + p * MR, MR);
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = off + (i0 + r) * rs;
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR] = a[src + p * cs];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + r + p * MR] = 0d;
                    }
                }
            }
        }
    }

    /** Packs B[0..kc) x [0..nc) into NR-column slivers: sliver s holds B[p][s*NR + j] at s*NR*kc + p*NR + j. */
    private static void packBDouble(int kc, int nc, double[] b, int off, int rs, int cs, double[] dst) {
        for (int j0 = 0; j0 < nc; j0 += D_NR) {
            int cols = Math.min(D_NR, nc - j0);
            int base = j0 * kc;
            if (cols == D_NR && cs == 1) {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * rs + j0;
                    int d = base + p * D_NR;
                    DoubleVector.fromArray(DS, b, src).intoArray(dst, d);
                    DoubleVector.fromArray(DS, b, src + DV).intoArray(dst, d + DV);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = off + (j0 + j) * cs;
                    int d = base + j;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * D_NR] = b[src + p * rs];
                    }
                }
                for (int j = cols; j < D_NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + j + p * D_NR] = 0d;
                    }
                }
            }
        }
    }

    /**
     * Updates the {@code mc x nc} block of C at {@code cOff} from one k-block of packed B. A comes packed in
     * {@code packA}, or in place from {@code a} when {@code a != packA}: row {@code i} and step {@code p} at
     * {@code aPanel + i*aRs + p}, with only its last, partial sliver packed at the start of {@code packA}.
     */
    private static void macroKernelDouble(int mc, int nc, int kc, double[] a, int aPanel, int aRs, double[] packA,
                                         double[] packB, double[] c, int cOff, int ldc, boolean load, double[] tile) {
        boolean directA = a != packA;
        for (int j0 = 0; j0 < nc; j0 += D_NR) {
            int cols = Math.min(D_NR, nc - j0);
            int bIdx = j0 * kc;
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int rows = Math.min(MR, mc - i0);
                boolean inPlace = directA && rows == MR;
                double[] pa = inPlace ? a : packA;
                int aIdx = inPlace ? aPanel + i0 * aRs : directA ? 0 : i0 * kc;
                int cIdx = cOff + i0 * ldc + j0;
                if (rows == MR && cols == D_NR) {
                    if (inPlace) {
                        microKernelRowsDouble(kc, pa, aIdx, aRs, packB, bIdx, D_NR, c, cIdx, ldc, load);
                    } else {
                        microKernelDouble(kc, pa, aIdx, packB, bIdx, D_NR, c, cIdx, ldc, load);
                    }
                } else {
                    // Edge tile: same arithmetic through a scratch tile (C copied in first when accumulating).
                    if (load) {
                        for (int r = 0; r < MR; r++) {
                            for (int j = 0; j < D_NR; j++) {
                                tile[r * D_NR + j] = r < rows && j < cols ? c[cIdx + r * ldc + j] : 0d;
                            }
                        }
                    }
                    if (inPlace) {
                        microKernelRowsDouble(kc, pa, aIdx, aRs, packB, bIdx, D_NR, tile, 0, D_NR, load);
                    } else {
                        microKernelDouble(kc, pa, aIdx, packB, bIdx, D_NR, tile, 0, D_NR, load);
                    }
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(tile, r * D_NR, c, cIdx + r * ldc, cols);
                    }
                }
            }
        }
    }

    /**
     * {@code C[0..MR) x [0..NR) (= or +=) Σ_p a[p] ⊗ b[p]} held in registers, where {@code a[p]} is the MR values
     * at {@code pa[aIdx + p*MR]} (a packed A sliver) and {@code b[p]} the NR values at {@code pb[bIdx + p*ldb]}
     * (a packed B sliver with {@code ldb = NR}, or B's own contiguous rows).
     */
    private static void microKernelDouble(int kc, double[] pa, int aIdx, double[] pb, int bIdx, int ldb,
                                         double[] c, int cIdx, int ldc, boolean load) {
        if (MR == 8) {
            microKernel8Double(kc, pa, aIdx, pb, bIdx, ldb, c, cIdx, ldc, load);
        } else {
            microKernel6Double(kc, pa, aIdx, pb, bIdx, ldb, c, cIdx, ldc, load);
        }
    }

    /**
     * {@link #microKernelDouble} with A read in place from rows with contiguous elements: {@code a[p]} is the MR
     * values {@code pa[aIdx + r*aRs + p]}. Each lane computes the same chain of fused multiply-adds as there. A
     * kernel of its own rather than A's strides as parameters of the sliver kernel: with them the sliver kernel
     * lost its constant-stride addressing (more registers, range checks the JIT no longer hoists) and measured about
     * 30 % slower on packed A.
     */
    private static void microKernelRowsDouble(int kc, double[] pa, int aIdx, int aRs, double[] pb, int bIdx, int ldb,
                                             double[] c, int cIdx, int ldc, boolean load) {
        if (MR == 8) {
            microKernelRows8Double(kc, pa, aIdx, aRs, pb, bIdx, ldb, c, cIdx, ldc, load);
        } else {
            microKernelRows6Double(kc, pa, aIdx, aRs, pb, bIdx, ldb, c, cIdx, ldc, load);
        }
    }

    /** The 8-row micro-kernel (512-bit vectors). */
    private static void microKernel8Double(int kc, double[] pa, int aIdx, double[] pb, int bIdx, int ldb,
                                          double[] c, int cIdx, int ldc, boolean load) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cIdx);
            c01 = DoubleVector.fromArray(DS, c, cIdx + DV);
            c10 = DoubleVector.fromArray(DS, c, cIdx + ldc);
            c11 = DoubleVector.fromArray(DS, c, cIdx + ldc + DV);
            c20 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc + DV);
            c30 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc + DV);
            c40 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc + DV);
            c50 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc + DV);
            c60 = DoubleVector.fromArray(DS, c, cIdx + 6 * ldc);
            c61 = DoubleVector.fromArray(DS, c, cIdx + 6 * ldc + DV);
            c70 = DoubleVector.fromArray(DS, c, cIdx + 7 * ldc);
            c71 = DoubleVector.fromArray(DS, c, cIdx + 7 * ldc + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * 8;
            DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + DV);
            DoubleVector av = DoubleVector.broadcast(DS, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = DoubleVector.broadcast(DS, pa[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = DoubleVector.broadcast(DS, pa[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + DV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + DV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + DV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + DV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + DV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + DV);
        c60.intoArray(c, cIdx + 6 * ldc);
        c61.intoArray(c, cIdx + 6 * ldc + DV);
        c70.intoArray(c, cIdx + 7 * ldc);
        c71.intoArray(c, cIdx + 7 * ldc + DV);
    }

    /** The 8-row micro-kernel reading A in place: row {@code r}, step {@code p} at {@code pa[aIdx + r*aRs + p]}. */
    private static void microKernelRows8Double(int kc, double[] pa, int aIdx, int aRs, double[] pb, int bIdx,
                                              int ldb, double[] c, int cIdx, int ldc, boolean load) {
        int a1 = aIdx + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int a4 = a3 + aRs;
        int a5 = a4 + aRs;
        int a6 = a5 + aRs;
        int a7 = a6 + aRs;
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cIdx);
            c01 = DoubleVector.fromArray(DS, c, cIdx + DV);
            c10 = DoubleVector.fromArray(DS, c, cIdx + ldc);
            c11 = DoubleVector.fromArray(DS, c, cIdx + ldc + DV);
            c20 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc + DV);
            c30 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc + DV);
            c40 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc + DV);
            c50 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc + DV);
            c60 = DoubleVector.fromArray(DS, c, cIdx + 6 * ldc);
            c61 = DoubleVector.fromArray(DS, c, cIdx + 6 * ldc + DV);
            c70 = DoubleVector.fromArray(DS, c, cIdx + 7 * ldc);
            c71 = DoubleVector.fromArray(DS, c, cIdx + 7 * ldc + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + DV);
            DoubleVector av = DoubleVector.broadcast(DS, pa[aIdx + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, pa[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, pa[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, pa[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, pa[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, pa[a5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = DoubleVector.broadcast(DS, pa[a6 + p]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = DoubleVector.broadcast(DS, pa[a7 + p]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + DV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + DV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + DV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + DV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + DV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + DV);
        c60.intoArray(c, cIdx + 6 * ldc);
        c61.intoArray(c, cIdx + 6 * ldc + DV);
        c70.intoArray(c, cIdx + 7 * ldc);
        c71.intoArray(c, cIdx + 7 * ldc + DV);
    }

    /** The 6-row micro-kernel (vectors of 256 bits or less). */
    private static void microKernel6Double(int kc, double[] pa, int aIdx, double[] pb, int bIdx, int ldb,
                                          double[] c, int cIdx, int ldc, boolean load) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cIdx);
            c01 = DoubleVector.fromArray(DS, c, cIdx + DV);
            c10 = DoubleVector.fromArray(DS, c, cIdx + ldc);
            c11 = DoubleVector.fromArray(DS, c, cIdx + ldc + DV);
            c20 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc + DV);
            c30 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc + DV);
            c40 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc + DV);
            c50 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * 6;
            DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + DV);
            DoubleVector av = DoubleVector.broadcast(DS, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + DV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + DV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + DV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + DV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + DV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + DV);
    }

    /** The 6-row micro-kernel reading A in place: row {@code r}, step {@code p} at {@code pa[aIdx + r*aRs + p]}. */
    private static void microKernelRows6Double(int kc, double[] pa, int aIdx, int aRs, double[] pb, int bIdx,
                                              int ldb, double[] c, int cIdx, int ldc, boolean load) {
        int a1 = aIdx + aRs;
        int a2 = a1 + aRs;
        int a3 = a2 + aRs;
        int a4 = a3 + aRs;
        int a5 = a4 + aRs;
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cIdx);
            c01 = DoubleVector.fromArray(DS, c, cIdx + DV);
            c10 = DoubleVector.fromArray(DS, c, cIdx + ldc);
            c11 = DoubleVector.fromArray(DS, c, cIdx + ldc + DV);
            c20 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc + DV);
            c30 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc + DV);
            c40 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc + DV);
            c50 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + DV);
            DoubleVector av = DoubleVector.broadcast(DS, pa[aIdx + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, pa[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, pa[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, pa[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, pa[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, pa[a5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + DV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + DV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + DV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + DV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + DV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + DV);
    }

    /**
     * Small inner dimension: {@code C[i][j] (=|+=) Σ_{p<k} A[i][p]·B[p][j]} with only A packed (one MR x k sliver
     * at a time) and the micro-kernel reading B's rows in place; B is first copied row-major if its rows are not
     * contiguous. Leftover rows and columns go through vector/scalar row loops.
     */
    private static void dgemmSmallK(int m, int n, int k,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] c, int cOff, int ldc, boolean accumulate) {
        DoubleWork w = DOUBLE_WORK.get();
        if (bCs != 1) {
            double[] copy = w.packB(k * n);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    copy[p * n + j] = b[bOff + p * bRs + j * bCs];
                }
            }
            b = copy;
            bOff = 0;
            bRs = n;
        }
        double[] sliver = w.packA(MR * k);
        int nFull = n - n % D_NR;
        int nVec = n - n % DV;
        int i0 = 0;
        for (; i0 + MR <= m; i0 += MR) {
            packADouble(MR, k, a, aOff + i0 * aRs, aRs, aCs, sliver);
            int cRow = cOff + i0 * ldc;
            for (int j = 0; j < nFull; j += D_NR) {
                microKernelDouble(k, sliver, 0, b, bOff + j, bRs, c, cRow + j, ldc, accumulate);
            }
            if (nFull < n) {
                for (int r = 0; r < MR; r++) {
                    smallKRowTailDouble(k, n, nFull, nVec, a, aOff + (i0 + r) * aRs, aCs, b, bOff, bRs,
                            c, cRow + r * ldc, accumulate);
                }
            }
        }
        for (; i0 < m; i0++) {
            smallKRowTailDouble(k, n, 0, nVec, a, aOff + i0 * aRs, aCs, b, bOff, bRs, c, cOff + i0 * ldc,
                    accumulate);
        }
    }

    /** One row of the small-k path from column {@code j}: single vectors up to {@code nVec}, then scalars. */
    private static void smallKRowTailDouble(int k, int n, int j, int nVec, double[] a, int aRow, int aCs,
                                           double[] b, int bOff, int bRs, double[] c, int cRow, boolean accumulate) {
        for (; j < nVec; j += DV) {
            DoubleVector acc = accumulate ? DoubleVector.fromArray(DS, c, cRow + j) : DoubleVector.zero(DS);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.broadcast(DS, a[aRow + p * aCs])
                        .fma(DoubleVector.fromArray(DS, b, bOff + p * bRs + j), acc);
            }
            acc.intoArray(c, cRow + j);
        }
        for (; j < n; j++) {
            double acc = accumulate ? c[cRow + j] : 0d;
            for (int p = 0; p < k; p++) {
                acc = Math.fma(a[aRow + p * aCs], b[bOff + p * bRs + j], acc);
            }
            c[cRow + j] = acc;
        }
    }

    /**
     * Matrix-vector product {@code y[i] (=|+=) Σ_{p<cols} M[i][p]·x[p]} for {@code i < rows}, with
     * {@code M[i][p] = m[mOff + i*mRs + p*mCs]}, {@code x[p] = x[xOff + p*xs]}, {@code y[i] = y[yOff + i*ys]}.
     * Contiguous rows: vectorised dot products, four rows at a time; contiguous columns: vectorised axpy over
     * columns into a scratch vector; otherwise scalar.
     */
    private static void dgemv(int rows, int cols, double[] mat, int mOff, int mRs, int mCs,
                              double[] x, int xOff, int xs, double[] y, int yOff, int ys, boolean accumulate) {
        DoubleWork w = DOUBLE_WORK.get();
        if (mCs == 1 && cols >= DV) {
            if (xs != 1) {
                double[] xc = w.vec(cols);
                for (int p = 0; p < cols; p++) {
                    xc[p] = x[xOff + p * xs];
                }
                x = xc;
                xOff = 0;
            }
            int pVec = cols - cols % DV;
            int i = 0;
            for (; i + 4 <= rows; i += 4) {
                int r0 = mOff + i * mRs;
                int r1 = r0 + mRs;
                int r2 = r1 + mRs;
                int r3 = r2 + mRs;
                DoubleVector s0 = DoubleVector.zero(DS);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int p = 0; p < pVec; p += DV) {
                    DoubleVector xv = DoubleVector.fromArray(DS, x, xOff + p);
                    s0 = DoubleVector.fromArray(DS, mat, r0 + p).fma(xv, s0);
                    s1 = DoubleVector.fromArray(DS, mat, r1 + p).fma(xv, s1);
                    s2 = DoubleVector.fromArray(DS, mat, r2 + p).fma(xv, s2);
                    s3 = DoubleVector.fromArray(DS, mat, r3 + p).fma(xv, s3);
                }
                double d0 = sumLanesDouble(s0, w.lanes);
                double d1 = sumLanesDouble(s1, w.lanes);
                double d2 = sumLanesDouble(s2, w.lanes);
                double d3 = sumLanesDouble(s3, w.lanes);
                for (int p = pVec; p < cols; p++) {
                    double xp = x[xOff + p];
                    d0 = Math.fma(mat[r0 + p], xp, d0);
                    d1 = Math.fma(mat[r1 + p], xp, d1);
                    d2 = Math.fma(mat[r2 + p], xp, d2);
                    d3 = Math.fma(mat[r3 + p], xp, d3);
                }
                storeDouble(y, yOff + i * ys, d0, accumulate);
                storeDouble(y, yOff + (i + 1) * ys, d1, accumulate);
                storeDouble(y, yOff + (i + 2) * ys, d2, accumulate);
                storeDouble(y, yOff + (i + 3) * ys, d3, accumulate);
            }
            for (; i < rows; i++) {
                int r0 = mOff + i * mRs;
                DoubleVector s0 = DoubleVector.zero(DS);
                for (int p = 0; p < pVec; p += DV) {
                    s0 = DoubleVector.fromArray(DS, mat, r0 + p).fma(DoubleVector.fromArray(DS, x, xOff + p), s0);
                }
                double d0 = sumLanesDouble(s0, w.lanes);
                for (int p = pVec; p < cols; p++) {
                    d0 = Math.fma(mat[r0 + p], x[xOff + p], d0);
                }
                storeDouble(y, yOff + i * ys, d0, accumulate);
            }
        } else if (mRs == 1 && rows >= DV) {
            double[] acc = w.vec(rows);
            java.util.Arrays.fill(acc, 0, rows, 0d);
            int iVec = rows - rows % DV;
            int p = 0;
            for (; p + 4 <= cols; p += 4) {
                int c0 = mOff + p * mCs;
                int c1 = c0 + mCs;
                int c2 = c1 + mCs;
                int c3 = c2 + mCs;
                DoubleVector x0 = DoubleVector.broadcast(DS, x[xOff + p * xs]);
                DoubleVector x1 = DoubleVector.broadcast(DS, x[xOff + (p + 1) * xs]);
                DoubleVector x2 = DoubleVector.broadcast(DS, x[xOff + (p + 2) * xs]);
                DoubleVector x3 = DoubleVector.broadcast(DS, x[xOff + (p + 3) * xs]);
                for (int i = 0; i < iVec; i += DV) {
                    DoubleVector s = DoubleVector.fromArray(DS, acc, i);
                    s = DoubleVector.fromArray(DS, mat, c0 + i).fma(x0, s);
                    s = DoubleVector.fromArray(DS, mat, c1 + i).fma(x1, s);
                    s = DoubleVector.fromArray(DS, mat, c2 + i).fma(x2, s);
                    s = DoubleVector.fromArray(DS, mat, c3 + i).fma(x3, s);
                    s.intoArray(acc, i);
                }
                for (int i = iVec; i < rows; i++) {
                    double s = acc[i];
                    s = Math.fma(mat[c0 + i], x[xOff + p * xs], s);
                    s = Math.fma(mat[c1 + i], x[xOff + (p + 1) * xs], s);
                    s = Math.fma(mat[c2 + i], x[xOff + (p + 2) * xs], s);
                    s = Math.fma(mat[c3 + i], x[xOff + (p + 3) * xs], s);
                    acc[i] = s;
                }
            }
            for (; p < cols; p++) {
                int c0 = mOff + p * mCs;
                double xp = x[xOff + p * xs];
                DoubleVector x0 = DoubleVector.broadcast(DS, xp);
                for (int i = 0; i < iVec; i += DV) {
                    DoubleVector.fromArray(DS, mat, c0 + i).fma(x0, DoubleVector.fromArray(DS, acc, i))
                            .intoArray(acc, i);
                }
                for (int i = iVec; i < rows; i++) {
                    acc[i] = Math.fma(mat[c0 + i], xp, acc[i]);
                }
            }
            for (int i = 0; i < rows; i++) {
                storeDouble(y, yOff + i * ys, acc[i], accumulate);
            }
        } else {
            for (int i = 0; i < rows; i++) {
                int r = mOff + i * mRs;
                double s = 0d;
                for (int p = 0; p < cols; p++) {
                    s = Math.fma(mat[r + p * mCs], x[xOff + p * xs], s);
                }
                storeDouble(y, yOff + i * ys, s, accumulate);
            }
        }
    }

    /**
     * The sum of {@code v}'s lanes in lane order, {@code ((v[0] + v[1]) + v[2]) + …}, through {@code lanes} (a scratch
     * array of DV elements). This is what {@code reduceLanes(ADD)} computes on JDK 17 in every tier, but the Vector API
     * leaves the order open, and on JDK 25 C2 adds in another order than the interpreter and C1, so a product's bits
     * would depend on when the JIT compiled its caller (measured: a fixed matrix-vector product changed its result at
     * its 124th call).
     */
    private static double sumLanesDouble(DoubleVector v, double[] lanes) {
        v.intoArray(lanes, 0);
        double s = lanes[0];
        for (int l = 1; l < DV; l++) {
            s += lanes[l];
        }
        return s;
    }

    private static void storeDouble(double[] y, int idx, double v, boolean accumulate) {
        y[idx] = accumulate ? y[idx] + v : v;
    }

    /** Per-thread reusable packing buffers for float64; they only grow. */
    private static final class DoubleWork {
        final double[] tile = new double[MR * D_NR];
        /** Scratch for {@link #sumLanesDouble}. */
        final double[] lanes = new double[DV];
        private double[] packA = new double[0];
        private double[] packB = new double[0];
        private double[] vec = new double[0];

        double[] packA(int size) {
            if (packA.length < size) {
                packA = new double[size];
            }
            return packA;
        }

        double[] packB(int size) {
            if (packB.length < size) {
                packB = new double[size];
            }
            return packB;
        }

        double[] vec(int size) {
            if (vec.length < size) {
                vec = new double[size];
            }
            return vec;
        }
    }
}
