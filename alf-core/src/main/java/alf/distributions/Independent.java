package alf.distributions;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Reinterprets the last {@code n} batch dimensions of a base distribution as event dimensions
 * (torch.distributions.Independent): a batch [B, D] of univariate normals becomes a batch [B] of D-dimensional
 * diagonal Gaussians. Samples are the base's samples; log p and the entropy are the base's summed over the
 * reinterpreted dimensions (independence: log p(x) = Σᵢ log pᵢ(xᵢ), H = Σᵢ Hᵢ); mode, mean and variance are the
 * base's.
 */
public final class Independent implements Distribution {
    private final Distribution base;
    private final int reinterpreted;

    /**
     * @param base                      the distribution whose batch dimensions are reinterpreted
     * @param reinterpretedBatchDims    how many trailing batch dimensions become event dimensions (0 ≤ n ≤ rank of
     *                                  the base's batch shape)
     */
    public Independent(Distribution base, int reinterpretedBatchDims) {
        if (base == null) {
            throw new IllegalArgumentException("Independent: base distribution must not be null");
        }
        int batchRank = base.batchShape().length;
        if (reinterpretedBatchDims < 0 || reinterpretedBatchDims > batchRank) {
            throw new IllegalArgumentException("Independent: reinterpretedBatchDims must be in [0, " + batchRank
                    + "] for base batch shape " + Arrays.toString(base.batchShape()) + ", got "
                    + reinterpretedBatchDims);
        }
        this.base = base;
        this.reinterpreted = reinterpretedBatchDims;
    }

    /** The wrapped distribution. */
    public Distribution base() {
        return base;
    }

    /** Number of batch dimensions of the base that are event dimensions here. */
    public int reinterpretedBatchDims() {
        return reinterpreted;
    }

    @Override
    public int[] batchShape() {
        int[] b = base.batchShape();
        return DistributionSupport.head(b, b.length - reinterpreted);
    }

    @Override
    public int[] eventShape() {
        int[] b = base.batchShape();
        return DistributionSupport.concat(DistributionSupport.tail(b, b.length - reinterpreted), base.eventShape());
    }

    @Override
    public DType dtype() {
        return base.dtype();
    }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return base.sample(rng, sampleShape);
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        return base.rsample(rng, sampleShape);
    }

    @Override
    public Tensor logProb(Tensor value) {
        return DistributionSupport.sumRightmost(base.logProb(value), reinterpreted);
    }

    @Override
    public Tensor entropy() {
        return DistributionSupport.sumRightmost(base.entropy(), reinterpreted);
    }

    @Override
    public boolean hasClosedFormEntropy() {
        return base.hasClosedFormEntropy();
    }

    /** The base's mode (exact: the joint density of independent parts peaks where each part peaks). */
    @Override
    public Tensor mode() {
        return base.mode();
    }

    @Override
    public Tensor mean() {
        return base.mean();
    }

    @Override
    public Tensor variance() {
        return base.variance();
    }

    @Override
    public Tensor stddev() {
        return base.stddev();
    }

    @Override
    public String toString() {
        return "Independent(" + base + ", " + reinterpreted + ")";
    }
}
