package alf.algorithms.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import alf.io.StateDict;
import alf.tensor.plan.CapturedStep;
import alf.data.BoundedTensorSpec;
import alf.data.Experience;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.optimizers.Adam;
import alf.optimizers.AdamTF;
import alf.rl.LossInfo;
import alf.tensor.Backends;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SAC with the update replayed from captured plans ({@code capture = true}) against the same SAC run eagerly
 * ({@code capture = false}), from the same seed over the same batches: every loss term, metric and priority of every
 * update, and afterwards every parameter (actor, critics, targets, log α) and the whole optimizer state, are
 * bit-identical — for continuous and discrete actions, with and without importance weights.
 */
class SacCaptureTest {
    private static final BoundedTensorSpec OBS = BoundedTensorSpec.uniform(new int[] {3}, DType.FLOAT32, "obs", -8, 8);
    private static final BoundedTensorSpec TORQUE = BoundedTensorSpec.uniform(new int[] {2}, DType.FLOAT32, "torque",
            -2, 2);
    private static final BoundedTensorSpec PUSH = BoundedTensorSpec.uniform(new int[0], DType.INT64, "push", 0, 2);
    private static final int STEPS = 12;

    private static SacAlgorithm sac(BoundedTensorSpec action, boolean capture) {
        return new SacAlgorithm(OBS, action, new Rng(11), new int[] {32, 32}, new int[] {32, 32}, null,
                new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, null, null),
                new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null),
                new AdamTF(1e-3, 0.9, 0.999, 1e-7, 0, false, null, null), 0.99, 0.005, 1, 1.0, null, null, 2, true,
                StdTransform.CLIPPED_EXP, true, capture);
    }

    private static SampledBatch batch(BoundedTensorSpec action, int n, long seed, boolean weighted) {
        Rng rng = new Rng(seed);
        Tensor a = action.isDiscrete() ? Tensor.randint(rng, 0, 3, n)
                : Tensor.uniform(rng, -2, 2, DType.FLOAT32, n, 2);
        Experience e = new Experience(Tensor.randn(rng, n, 3), a, Tensor.randn(rng, n),
                Tensor.bernoulli(rng, Tensor.full(DType.FLOAT32, 0.9, n)), Tensor.randn(rng, n, 3));
        return weighted ? new SampledBatch(e, Tensor.arange(n), Tensor.uniform(rng, 0.5, 1, DType.FLOAT32, n))
                : SampledBatch.uniform(e);
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        if (expected.dtype() == DType.INT64) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what);
            return;
        }
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]),
                    what + " element " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    private static void checkCaptureMatchesEager(BoundedTensorSpec action, boolean weighted) {
        SacAlgorithm eager = sac(action, false);
        SacAlgorithm captured = sac(action, true);
        Rng eagerRng = new Rng(5);
        Rng capturedRng = new Rng(5);
        for (int s = 0; s < STEPS; s++) {
            SampledBatch b = batch(action, 24, 100 + s, weighted);
            LossInfo e = eager.trainStep(b, eagerRng);
            LossInfo c = captured.trainStep(b, capturedRng);
            assertEquals(e.terms().keySet(), c.terms().keySet());
            for (String term : e.terms().keySet()) {
                assertSameBits(e.terms().get(term), c.terms().get(term), "step " + s + " " + term);
            }
            assertSameBits(e.loss(), c.loss(), "step " + s + " total loss");
            assertEquals(e.metrics(), c.metrics(), "step " + s + " metrics");
            assertSameBits(e.priorities(), c.priorities(), "step " + s + " priorities");
            eager.update(e);
            captured.update(c);
            eager.afterUpdate();
            captured.afterUpdate();
        }
        assertEquals(CapturedStep.Phase.REPLAYING, captured.capturePhase(), captured.captureEagerReason());
        assertNull(captured.captureEagerReason());
        // two replay lanes wherever the CPU backend may use two threads (every CI machine): the bits above held
        assertEquals(Math.min(2, Backends.defaultBackend().maxThreads()), captured.captureLanes());
        assertEquals("capture is off", eager.captureEagerReason());
        assertEquals(Optional.empty(), StateDict.firstDifference(eager.stateDict(), captured.stateDict()), "state");
    }

    @Test
    void continuousUpdatesReplayBitIdentically() {
        checkCaptureMatchesEager(TORQUE, false);
    }

    @Test
    void weightedContinuousUpdatesReplayBitIdentically() {
        checkCaptureMatchesEager(TORQUE, true);
    }

    @Test
    void discreteUpdatesReplayBitIdentically() {
        checkCaptureMatchesEager(PUSH, false);
    }

    @Test
    void aRestoredCheckpointIsCapturedAgain() {
        SacAlgorithm eager = sac(TORQUE, false);
        SacAlgorithm captured = sac(TORQUE, true);
        Rng eagerRng = new Rng(8);
        Rng capturedRng = new Rng(8);
        for (int s = 0; s < 5; s++) {
            SampledBatch b = batch(TORQUE, 16, 200 + s, false);
            eager.update(eager.trainStep(b, eagerRng));
            eager.afterUpdate();
            captured.update(captured.trainStep(b, capturedRng));
            captured.afterUpdate();
        }
        captured.loadStateDict(eager.stateDict());
        for (int s = 0; s < 6; s++) {
            SampledBatch b = batch(TORQUE, 16, 300 + s, false);
            LossInfo e = eager.trainStep(b, eagerRng);
            LossInfo c = captured.trainStep(b, capturedRng);
            assertSameBits(e.loss(), c.loss(), "step " + s + " after restore");
            eager.update(e);
            eager.afterUpdate();
            captured.update(c);
            captured.afterUpdate();
        }
        assertEquals(Optional.empty(), StateDict.firstDifference(eager.stateDict(), captured.stateDict()), "state");
    }

    /** A batch of {@code n} mid-episode time steps with random observations. */
    private static TimeStep timeStep(Rng rng, int n) {
        return new TimeStep(Tensor.full(DType.INT32, 1, n), Tensor.zeros(n), Tensor.ones(n), Tensor.randn(rng, n, 3),
                Tensor.zeros(n, 2), Tensor.arange(n).to(DType.INT32));
    }

    /** How a test acts: a rollout sample or a greedy action of {@code sac} at {@code step}. */
    private interface Act {
        Tensor act(SacAlgorithm sac, TimeStep step, Rng rng);
    }

    /**
     * Acts {@link #STEPS} times with an eager and a captured SAC from the same seed, training both between calls (the
     * parameters move, as in training) and changing the batch size mid-way (the step captures again): every action is
     * bit-identical, each call returns a tensor of its own (an earlier action stays as returned), and the generators
     * end in the same state. Returns the captured SAC.
     */
    private static SacAlgorithm checkActionsReplay(BoundedTensorSpec action, long seed, int firstBatch,
            int laterBatch, Act act) {
        SacAlgorithm eager = sac(action, false);
        SacAlgorithm captured = sac(action, true);
        Rng eagerRng = new Rng(seed);
        Rng capturedRng = new Rng(seed);
        Rng observations = new Rng(seed + 1);
        Tensor previous = null;
        double[] previousValues = null;
        for (int s = 0; s < STEPS; s++) {
            TimeStep step = timeStep(observations, s < 7 ? firstBatch : laterBatch);
            Tensor e = act.act(eager, step, eagerRng);
            Tensor c = act.act(captured, step, capturedRng);
            assertEquals(e.dtype(), c.dtype());
            assertSameBits(e, c, action.name() + " step " + s);
            if (previous != null) {
                assertArrayEquals(previousValues, previous.toDoubleArray(), "an earlier action stays as returned");
            }
            previous = c;
            previousValues = c.toDoubleArray();
            SampledBatch b = batch(action, 16, 300 + s, false);
            eager.update(eager.trainStep(b, eagerRng));
            eager.afterUpdate();
            captured.update(captured.trainStep(b, capturedRng));
            captured.afterUpdate();
        }
        assertSameBits(Tensor.of(eagerRng.state()), Tensor.of(capturedRng.state()), "generator state");
        assertNull(eager.greedyActionPhase(), "capture off builds no greedy-action step");
        return captured;
    }

    @Test
    void rolloutActionsReplayBitIdenticallyAsFreshTensors() {
        checkActionsReplay(TORQUE, 21, 1, 3, SacAlgorithm::rolloutAction);
    }

    /** The greedy action of evaluation, for continuous and discrete actions, is replayed from its plan in the end. */
    @Test
    void greedyActionsReplayBitIdenticallyAsFreshTensors() {
        for (BoundedTensorSpec action : List.of(TORQUE, PUSH)) {
            SacAlgorithm captured = checkActionsReplay(action, 41, 5, 2, (sac, step, rng) -> sac.predictAction(step));
            assertEquals(CapturedStep.Phase.REPLAYING, captured.greedyActionPhase(), action.name());
        }
    }
}
