package alf.algorithms.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.StateDict;
import alf.rl.LossInfo;
import alf.tensor.GradMode;
import alf.data.BoundedTensorSpec;
import alf.data.Experience;
import alf.data.PrioritizedReplayBuffer;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.optimizers.Adam;
import alf.optimizers.AdamTF;
import alf.optimizers.Optimizer;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SacAlgorithmTest {
    private static final BoundedTensorSpec OBS = BoundedTensorSpec.uniform(new int[] {3}, DType.FLOAT32, "obs",
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    private static final BoundedTensorSpec ACTION = BoundedTensorSpec.uniform(new int[] {1}, DType.FLOAT32, "torque",
            -2, 2);
    private static final BoundedTensorSpec DISCRETE = BoundedTensorSpec.uniform(new int[0], DType.INT64, "push", 0, 1);

    private static Optimizer adam() {
        return new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, null, null);
    }

    private static SacAlgorithm sac(BoundedTensorSpec action, long seed) {
        return sac(action, seed, true);
    }

    private static SacAlgorithm sac(BoundedTensorSpec action, long seed, boolean capture) {
        return new SacAlgorithm(OBS, action, new Rng(seed), new int[] {16, 16}, new int[] {16, 16}, null, adam(), adam(),
                new AdamTF(1e-3, 0.9, 0.999, 1e-7, 0, false, null, null), 0.99, 0.005, 1, 1.0, null, null, 2, true,
                StdTransform.CLIPPED_EXP, true, capture);
    }

    private static Experience batch(BoundedTensorSpec action, int n, long seed) {
        Rng rng = new Rng(seed);
        Tensor a = action.isDiscrete() ? Tensor.randint(rng, 0, 2, n) : Tensor.uniform(rng, -2, 2, DType.FLOAT32, n, 1);
        return new Experience(Tensor.randn(rng, n, 3), a, Tensor.randn(rng, n), Tensor.bernoulli(rng,
                Tensor.full(DType.FLOAT32, 0.9, n)), Tensor.randn(rng, n, 3));
    }

    private static TimeStep step(int n, long seed) {
        return new TimeStep(Tensor.of(new int[n]), Tensor.zeros(n), Tensor.ones(n), Tensor.randn(new Rng(seed), n, 3)
                .mul(5.0), Tensor.zeros(n, 1), Tensor.of(new int[n]));
    }

    private static double[] flat(List<Tensor> params) {
        return params.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.toDoubleArray())).toArray();
    }

    @Test
    void continuousStepProducesFiniteNamedLossesAndMovesEveryLearner() {
        SacAlgorithm sac = sac(ACTION, 1);
        double[] actor0 = flat(sac.actor().parameters());
        double[] critic0 = flat(sac.critics().parameters());
        LossInfo info = sac.trainStep(SampledBatch.uniform(batch(ACTION, 32, 2)), new Rng(3));
        assertEquals(List.of("critic_loss", "actor_loss", "alpha_loss"), List.copyOf(info.terms().keySet()));
        info.checkFinite(0);
        assertEquals(1.0, info.metrics().get("alpha"), 1e-7);
        sac.update(info);
        assertNotEquals(actor0[0], flat(sac.actor().parameters())[0]);
        assertFalse(java.util.Arrays.equals(critic0, flat(sac.critics().parameters())));
        assertNotEquals(1.0, sac.alpha());
        assertEquals(-1.0, sac.targetEntropy());
        assertEquals(sac.metricNames(), List.of("critic_loss", "actor_loss", "alpha_loss", "alpha", "entropy"));
    }

    @Test
    void actorLossLeavesCriticGradientsAlone() {
        // eager (capture off): with capture on, trainStep runs the backward itself and update only applies it
        SacAlgorithm sac = sac(ACTION, 4, false);
        Experience b = batch(ACTION, 16, 5);
        LossInfo info = sac.trainStep(SampledBatch.uniform(b), new Rng(6));
        info.terms().get("critic_loss").backward();
        double[] criticOnly = sac.critics().parameters().stream()
                .flatMapToDouble(p -> java.util.Arrays.stream(p.grad().toDoubleArray())).toArray();
        SacAlgorithm twin = sac(ACTION, 4, false);
        LossInfo all = twin.trainStep(SampledBatch.uniform(b), new Rng(6));
        all.loss().backward();
        double[] total = twin.critics().parameters().stream()
                .flatMapToDouble(p -> java.util.Arrays.stream(p.grad().toDoubleArray())).toArray();
        assertArrayEquals(criticOnly, total, 0.0, "critic grads come from the critic loss only");
        for (Tensor p : twin.targetCritics().parameters()) {
            assertNull(p.grad(), "target critics are never differentiated");
        }
    }

    @Test
    void targetCriticsArePolyakAveraged() {
        SacAlgorithm sac = sac(ACTION, 7);
        double[] target0 = flat(sac.targetCritics().parameters());
        assertArrayEquals(target0, flat(sac.critics().parameters()), 0.0, "targets start as copies");
        sac.update(sac.trainStep(SampledBatch.uniform(batch(ACTION, 16, 8)), new Rng(9)));
        double[] online = flat(sac.critics().parameters());
        sac.afterUpdate();
        double[] target1 = flat(sac.targetCritics().parameters());
        for (int i = 0; i < target1.length; i++) {
            float expected = (float) target0[i] * (float) (1 - 0.005) + (float) online[i] * (float) 0.005;
            assertEquals(expected, (float) target1[i], 1e-7f, "element " + i);
        }
    }

    @Test
    void actionsStayInBoundsAndGreedyIsDeterministic() {
        SacAlgorithm sac = sac(ACTION, 10);
        TimeStep ts = step(64, 11);
        Tensor greedy = sac.predictAction(ts);
        assertArrayEquals(new int[] {64, 1}, greedy.shape());
        assertArrayEquals(greedy.toFloatArray(), sac.predictAction(ts).toFloatArray());
        Tensor sampled = sac.rolloutAction(ts, new Rng(12));
        for (float a : sampled.toFloatArray()) {
            assertTrue(a >= -2 && a <= 2, "action " + a);
        }
        assertFalse(java.util.Arrays.equals(sampled.toFloatArray(), sac.rolloutAction(ts, new Rng(13)).toFloatArray()));
        assertFalse(greedy.requiresGrad());
    }

    @Test
    void stateDictRestoresAnIdenticalLearner() {
        SacAlgorithm a = sac(ACTION, 20);
        for (int i = 0; i < 3; i++) {
            a.update(a.trainStep(SampledBatch.uniform(batch(ACTION, 16, 100 + i)), new Rng(200 + i)));
            a.afterUpdate();
        }
        StateDict saved = a.stateDict();
        SacAlgorithm b = sac(ACTION, 99);
        b.loadStateDict(saved);
        for (int i = 0; i < 2; i++) {
            a.update(a.trainStep(SampledBatch.uniform(batch(ACTION, 16, 300 + i)), new Rng(400 + i)));
            a.afterUpdate();
            b.update(b.trainStep(SampledBatch.uniform(batch(ACTION, 16, 300 + i)), new Rng(400 + i)));
            b.afterUpdate();
        }
        assertArrayEquals(flat(a.actor().parameters()), flat(b.actor().parameters()), 0.0);
        assertArrayEquals(flat(a.targetCritics().parameters()), flat(b.targetCritics().parameters()), 0.0);
        assertEquals(a.alpha(), b.alpha(), 0.0);
    }

    @Test
    void discreteSacUsesCategoricalOverQOverAlpha() {
        SacAlgorithm sac = sac(DISCRETE, 30);
        assertNull(sac.actor());
        assertEquals(0.1 * Math.log(1 / 0.1) - 0.9 * Math.log(0.9), sac.targetEntropy(), 1e-12);
        LossInfo info = sac.trainStep(SampledBatch.uniform(batch(DISCRETE, 32, 31)), new Rng(32));
        assertEquals(List.of("critic_loss", "alpha_loss"), List.copyOf(info.terms().keySet()));
        info.checkFinite(0);
        double entropy = info.metrics().get("entropy");
        assertTrue(entropy > 0 && entropy <= Math.log(2) + 1e-6, "entropy " + entropy);
        sac.update(info);
        TimeStep ts = step(20, 33);
        Tensor greedy = sac.predictAction(ts);
        assertEquals(DType.INT64, greedy.dtype());
        Tensor q;
        try (var s = GradMode.noGrad()) {
            q = sac.critics().get(0).qAll(ts.observation()).minimum(sac.critics().get(1).qAll(ts.observation()));
        }
        assertArrayEquals(q.argmax(1, false).toLongArray(), greedy.toLongArray());
        for (long a : sac.rolloutAction(ts, new Rng(34)).toLongArray()) {
            assertTrue(a == 0 || a == 1);
        }
    }

    private static SacAlgorithm singleCritic(BoundedTensorSpec action, long seed) {
        return new SacAlgorithm(OBS, action, new Rng(seed), new int[] {16, 16}, new int[] {16, 16}, null, adam(), adam(),
                adam(), 0.99, 0.005, 1, 1.0, null, null, 1, true, StdTransform.CLIPPED_EXP, true, true);
    }

    @Test
    void unitWeightsGiveTheUnweightedLossesExactly() {
        for (BoundedTensorSpec action : List.of(ACTION, DISCRETE)) {
            Experience b = batch(action, 24, 40);
            LossInfo plain = sac(action, 41).trainStep(SampledBatch.uniform(b), new Rng(42));
            LossInfo weighted = sac(action, 41).trainStep(new SampledBatch(b, Tensor.of(new long[24]),
                    Tensor.ones(24)), new Rng(42));
            for (String term : plain.terms().keySet()) {
                assertEquals(plain.terms().get(term).item(), weighted.terms().get(term).item(), 0.0, term);
            }
            assertArrayEquals(plain.priorities().toFloatArray(), weighted.priorities().toFloatArray());
        }
    }

    @Test
    void prioritiesAreTheAbsoluteTdErrorsBehindTheWeightedCriticLoss() {
        // with one critic, critic_loss = ½·mean(w·δ²) and priorities = |δ|, so the two must agree
        for (BoundedTensorSpec action : List.of(ACTION, DISCRETE)) {
            Experience b = batch(action, 20, 50);
            float[] w = new float[20];
            for (int i = 0; i < w.length; i++) {
                w[i] = 0.1f + 0.045f * i;
            }
            LossInfo info = singleCritic(action, 51).trainStep(new SampledBatch(b, null, Tensor.of(w)),
                    new Rng(52));
            float[] delta = info.priorities().toFloatArray();
            assertEquals(20, delta.length);
            assertFalse(info.priorities().requiresGrad());
            double expected = 0;
            for (int i = 0; i < delta.length; i++) {
                assertTrue(delta[i] >= 0 && Float.isFinite(delta[i]));
                expected += 0.5 * w[i] * delta[i] * delta[i] / delta.length;
            }
            assertEquals(expected, info.terms().get("critic_loss").item(), 1e-5 * Math.max(1, expected));
        }
    }

    @Test
    void trainsOnPrioritizedReplayWithFiniteLosses() {
        SacAlgorithm sac = sac(ACTION, 60);
        PrioritizedReplayBuffer replay = new PrioritizedReplayBuffer(64, OBS.toTensorSpec(), ACTION.toTensorSpec(),
                0.6, 1e-6);
        replay.add(batch(ACTION, 48, 61));
        Rng rng = new Rng(62);
        for (int step = 0; step < 5; step++) {
            SampledBatch b = replay.sample(16, 0.4 + 0.1 * step, rng);
            LossInfo info = sac.trainStep(b, rng);
            info.checkFinite(step);
            sac.update(info);
            sac.afterUpdate();
            replay.updatePriorities(b.indices(), info.priorities());
        }
        int updated = 0;
        for (int slot = 0; slot < 48; slot++) {
            assertTrue(Double.isFinite(replay.priority(slot)) && replay.priority(slot) > 0);
            updated += replay.priority(slot) != 1.0 ? 1 : 0;
        }
        assertTrue(updated > 0, "the TD errors were written back");
    }

    @Test
    void oneDefaultOptimizerServesEveryPartWithoutItsOwn() {
        Optimizer shared = adam();
        SacAlgorithm one = new SacAlgorithm(OBS, ACTION, new Rng(50), new int[] {16, 16}, new int[] {16, 16}, shared,
                null, null, null, 0.99, 0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, true);
        assertEquals(3, shared.paramGroups().size(), "actor, critics and log alpha each get a group");
        SacAlgorithm three = new SacAlgorithm(OBS, ACTION, new Rng(50), new int[] {16, 16}, new int[] {16, 16}, null,
                adam(), adam(), adam(), 0.99, 0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, true);
        for (int i = 0; i < 3; i++) {
            one.update(one.trainStep(SampledBatch.uniform(batch(ACTION, 16, 60 + i)), new Rng(70 + i)));
            three.update(three.trainStep(SampledBatch.uniform(batch(ACTION, 16, 60 + i)), new Rng(70 + i)));
        }
        // Adam's state is per parameter, so sharing one optimizer changes nothing numerically
        assertArrayEquals(flat(three.actor().parameters()), flat(one.actor().parameters()), 0.0);
        assertEquals(three.alpha(), one.alpha(), 0.0);
        assertEquals(Set.of("default"), one.stateDict().dict("optimizers").keys(), "one shared optimizer");
        assertEquals(Set.of("actor", "critic", "alpha"), three.stateDict().dict("optimizers").keys(),
                "optimizers are saved by role");
        SacAlgorithm restored = new SacAlgorithm(OBS, ACTION, new Rng(51), new int[] {16, 16}, new int[] {16, 16},
                adam(), null, null, null, 0.99, 0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, true);
        restored.loadStateDict(one.stateDict());
        assertArrayEquals(flat(one.critics().parameters()), flat(restored.critics().parameters()), 0.0);
    }
}
