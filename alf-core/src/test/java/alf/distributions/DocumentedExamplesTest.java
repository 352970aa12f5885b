package alf.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.CacheMissException;
import alf.distributions.transforms.CacheMissPolicy;
import alf.distributions.transforms.TanhTransform;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the examples of docs/distributions.md (each test body repeats one code block verbatim) and checks what the
 * page says about their results; {@link #pageContainsTheseExamples()} keeps the page and this test in step.
 */
class DocumentedExamplesTest {

    @Test
    void normal() {
        Normal normal = new Normal(Tensor.of(new float[] {0f, 1f}, 2), Tensor.of(new float[] {1f, 0.5f}, 2));
        Tensor x = normal.rsample(new Rng(42));              // shape [2], differentiable in loc and scale
        Tensor logProb = normal.logProb(x);                  // shape [2]
        Tensor entropy = normal.entropy();                   // ½ + ½·log 2π + log σ
        assertArrayEquals(new int[] {2}, logProb.shape());
        assertEquals(0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(0.5), entropy.get(1), 1e-6);
    }

    @Test
    void independent() {
        Normal perCoordinate = new Normal(Tensor.zeros(8, 3), Tensor.ones(8, 3));
        Independent diagonal = new Independent(perCoordinate, 1);   // batchShape [8], eventShape [3]
        Tensor logProb = diagonal.logProb(diagonal.sample(new Rng(1)));  // shape [8]
        assertArrayEquals(new int[] {8}, diagonal.batchShape());
        assertArrayEquals(new int[] {3}, diagonal.eventShape());
        assertArrayEquals(new int[] {8}, logProb.shape());
    }

    @Test
    void categorical() {
        Categorical policy = Categorical.fromLogits(Tensor.of(new double[] {1000, 999, Double.NEGATIVE_INFINITY}, 3));
        Tensor action = policy.sample(new Rng(7));           // int64 scalar; class 2 is never drawn
        Tensor logProb = policy.logProb(action);
        Tensor greedy = policy.mode();                       // 0
        assertEquals(DType.INT64, action.dtype());
        assertNotEquals(2L, action.itemLong());
        assertTrue(Double.isFinite(logProb.item()));
        assertEquals(0L, greedy.itemLong());
    }

    @Test
    void beta() {
        Beta beta = new Beta(Tensor.of(new double[] {2.0}, 1), Tensor.of(new double[] {5.0}, 1));
        Tensor v = beta.sample(new Rng(3), 1000);            // shape [1000, 1]
        Tensor mean = beta.mean();                           // α/(α+β) = 2/7
        Tensor entropy = beta.entropy();                     // closed form with digamma
        assertArrayEquals(new int[] {1000, 1}, v.shape());
        assertEquals(2.0 / 7.0, mean.item(), 1e-15);
        assertTrue(entropy.item() < 0, "Beta(2, 5) is more concentrated than the uniform");
    }

    @Test
    void squashedGaussian() {
        Tensor low = Tensor.of(new float[] {-2f, 0f}, 2);
        Tensor high = Tensor.of(new float[] {2f, 1f}, 2);
        Tensor mu = Tensor.zeros(16, 2);
        Tensor sigma = Tensor.full(DType.FLOAT32, 0.5, 16, 2);
        TransformedDistribution actor = new TransformedDistribution(
                new Independent(new Normal(mu, sigma), 1),
                List.of(new TanhTransform(), new AffineTransform(high.add(low).div(2.0), high.sub(low).div(2.0))));
        Tensor action = actor.rsample(new Rng(0));           // [16, 2] inside the box
        Tensor logPi = actor.logProb(action);                // [16], from the cached pre-tanh values
        Tensor greedy = actor.mode();                        // transforms of the base mode
        Tensor entropyEstimate = actor.entropy(new Rng(1));  // −log p at one rsample (no closed form with tanh)
        float[] a = action.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            float lo = i % 2 == 0 ? -2f : 0f;
            float hi = i % 2 == 0 ? 2f : 1f;
            assertTrue(a[i] >= lo && a[i] <= hi, "action inside the box: " + a[i]);
        }
        assertArrayEquals(new int[] {16}, logPi.shape());
        assertArrayEquals(new float[] {0f, 0.5f}, greedy.select(0, 0).toFloatArray(), 0f);
        assertArrayEquals(new int[] {16}, entropyEstimate.shape());
    }

    @Test
    void strictCache() {
        TransformedDistribution strict = new TransformedDistribution(
                new Normal(Tensor.zeros(4), Tensor.ones(4)), List.of(new TanhTransform()), CacheMissPolicy.THROW);
        Tensor y = strict.sample(new Rng(5));
        strict.logProb(y);                                   // cache hit
        // strict.logProb(y.copy()) would throw CacheMissException
        assertThrows(CacheMissException.class, () -> strict.logProb(y.copy()));
    }

    @Test
    void pageContainsTheseExamples() throws IOException {
        Path page = Path.of("..", "docs", "distributions.md");
        String text = Files.readString(page);
        for (String line : new String[] {
            "Tensor x = normal.rsample(new Rng(42));",
            "Independent diagonal = new Independent(perCoordinate, 1);",
            "Categorical policy = Categorical.fromLogits(Tensor.of(new double[] {1000, 999, Double.NEGATIVE_INFINITY}, 3));",
            "Beta beta = new Beta(Tensor.of(new double[] {2.0}, 1), Tensor.of(new double[] {5.0}, 1));",
            "List.of(new TanhTransform(), new AffineTransform(high.add(low).div(2.0), high.sub(low).div(2.0))));",
            "new Normal(Tensor.zeros(4), Tensor.ones(4)), List.of(new TanhTransform()), CacheMissPolicy.THROW);"}) {
            assertTrue(text.contains(line), "docs/distributions.md lacks: " + line);
        }
    }
}
