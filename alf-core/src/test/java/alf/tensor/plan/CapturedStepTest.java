package alf.tensor.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.StateDict;
import alf.tensor.GradMode;
import alf.nn.MLP;
import alf.nn.Module;
import alf.nn.ReLU;
import alf.optimizers.Adam;
import alf.optimizers.AdamTF;
import alf.optimizers.AdamW;
import alf.optimizers.LearningRateSchedule;
import alf.optimizers.LinearSchedule;
import alf.optimizers.Optimizer;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A captured training step (forward with a random perturbation, backward, a momentum update of every parameter) gives
 * bit-for-bit the losses, parameters and momentum buffers of the same step run eagerly, over many steps and across a
 * change of batch size; steps that feed Java-computed values back into ops are detected and stay eager.
 */
class CapturedStepTest {
    private static final double LR = 0.01;
    private static final double MOMENTUM = 0.9;

    /** A regression net trained by hand-written SGD with momentum; the step acts only through tensor ops. */
    private static final class Trainee {
        final Module net;
        final List<Tensor> momenta = new ArrayList<>();
        final Rng noise = new Rng(7);

        Trainee() {
            net = MLP.builder(3).hidden(32, 32).output(1).activation(ReLU::new).build(new Rng(42));
            for (Tensor p : net.parameters()) {
                momenta.add(Tensor.zerosLike(p));
            }
        }

        /** inputs: x [N, 3], y [N]; returns the loss before the update. */
        Tensor step(Tensor[] inputs) {
            Tensor x = inputs[0].add(Tensor.randn(noise, inputs[0].shape()).mul(0.1));
            Tensor loss = net.call(x).squeeze(1).sub(inputs[1]).square().meanAll();
            net.zeroGrad();
            loss.backward();
            try (GradMode.Scope scope = GradMode.noGrad()) {
                List<Tensor> params = net.parameters();
                for (int i = 0; i < params.size(); i++) {
                    momenta.get(i).muli(MOMENTUM).addi(params.get(i).grad());
                    params.get(i).subi(momenta.get(i).mul(LR));
                }
            }
            return loss.detach();
        }
    }

    private static Tensor[] batch(Rng data, int n) {
        Tensor x = Tensor.randn(data, n, 3);
        Tensor y = x.sum(1, false).sin();
        return new Tensor[] {x, y};
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, what);
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + " element " + i);
        }
    }

    /** Maps, lists and tensors compared all the way down (tensors bit for bit). */
    private static void assertSameState(Trainee eager, Trainee captured, String when) {
        List<Tensor> pe = eager.net.parameters();
        List<Tensor> pc = captured.net.parameters();
        for (int i = 0; i < pe.size(); i++) {
            assertSameBits(pe.get(i), pc.get(i), when + ": parameter " + i);
            assertSameBits(eager.momenta.get(i), captured.momenta.get(i), when + ": momentum " + i);
        }
    }

    @ParameterizedTest(name = "{0} replay lane(s)")
    @ValueSource(ints = {1, 2})
    void replayIsBitIdenticalToEagerOverManyStepsAndBatchSizes(int lanes) {
        Trainee eager = new Trainee();
        Trainee captured = new Trainee();
        CapturedStep<Tensor> step = new CapturedStep<>("regression step", captured::step).setReplayLanes(lanes);
        Rng dataEager = new Rng(1);
        Rng dataCaptured = new Rng(1);
        int[] batchSizes = {16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 8, 8, 8, 8, 8, 8, 16, 16, 16, 16, 16};
        for (int s = 0; s < batchSizes.length; s++) {
            Tensor expected = eager.step(batch(dataEager, batchSizes[s]));
            Tensor actual = step.run(batch(dataCaptured, batchSizes[s]));
            assertSameBits(expected, actual, "loss at step " + s);
            assertSameState(eager, captured, "step " + s);
            if (s == 5 || s == 17 || s == batchSizes.length - 1) {
                assertEquals(CapturedStep.Phase.REPLAYING, step.phase(), "step " + s + ": " + step.eagerReason());
            }
        }
        assertNotNull(step.plan());
        assertTrue(step.plan().size() > 20, "the plan holds the step's kernels");
        assertEquals(lanes, step.plan().lanes());
    }

    /** {@code steps} steps of {@code eager} and of {@code step} on the same batches; the last batch. */
    private static Tensor[] stepBoth(Trainee eager, CapturedStep<Tensor> step, int steps) {
        Rng dataEager = new Rng(1);
        Rng dataCaptured = new Rng(1);
        Tensor[] last = null;
        for (int s = 0; s < steps; s++) {
            last = batch(dataEager, 16);
            eager.step(last);
            step.run(batch(dataCaptured, 16));
        }
        return last;
    }

    @Test
    void profileTimesEveryCallAndRunsRealSteps() {
        Trainee eager = new Trainee();
        Trainee captured = new Trainee();
        CapturedStep<Tensor> step = new CapturedStep<>("regression step", captured::step);
        Tensor[] last = stepBoth(eager, step, 6);
        assertEquals(CapturedStep.Phase.REPLAYING, step.phase(), step.eagerReason());
        Map<String, Double> profile = step.plan().profile(2);
        int calls = 0;
        for (Map.Entry<String, Double> e : profile.entrySet()) {
            calls += Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf(" x") + 2));
            assertTrue(e.getValue() >= 0, e.toString());
        }
        assertEquals(step.plan().size(), calls, profile.keySet().toString());
        assertTrue(profile.keySet().stream().anyMatch(k -> k.startsWith("matmulBiasRelu [1, 16, 3] [1, 3, 32]T [32] x1")),
                profile.keySet().toString());
        eager.step(last);
        eager.step(last);
        assertSameState(eager, captured, "after profiling two replays");
    }

    @Test
    void laneProfileTimesBothLanesAndRunsRealSteps() {
        Trainee eager = new Trainee();
        Trainee captured = new Trainee();
        CapturedStep<Tensor> step = new CapturedStep<>("regression step", captured::step).setReplayLanes(2);
        Tensor[] last = stepBoth(eager, step, 6);
        assertEquals(2, step.plan().lanes());
        LaneProfile profile = step.plan().profileLanes(3);
        assertEquals(2, profile.lanes());
        assertTrue(profile.wallNanos() > 0, profile.toString());
        assertTrue(profile.callNanos()[0] + profile.callNanos()[1] > 0, profile.toString());
        for (int l = 0; l < 2; l++) {
            assertTrue(profile.callNanos()[l] >= 0 && profile.helpNanos()[l] >= 0, profile.toString());
            assertTrue(profile.idleFraction(l) >= 0 && profile.idleFraction(l) <= 1, profile.toString());
        }
        for (int r = 0; r < 3; r++) {
            eager.step(last);
        }
        assertSameState(eager, captured, "after profiling three replays on two lanes");

        CapturedStep<Tensor> inOrder = new CapturedStep<>("one lane", new Trainee()::step).setReplayLanes(1);
        Rng data = new Rng(1);
        for (int s = 0; s < 4; s++) {
            inOrder.run(batch(data, 16));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> inOrder.plan().profileLanes(1));
        assertTrue(e.getMessage().contains("one thread"), e.getMessage());
    }

    @Test
    void aValueTakenFromATensorWithItemKeepsTheStepEager() {
        Tensor w = Tensor.ones(4);
        CapturedStep<Tensor> step = new CapturedStep<>("host-scaled step", in -> {
            double scale = 1.0 + in[0].sumAll().item();
            w.muli(0.5).addi(in[0].mul(scale));
            return w;
        });
        Tensor reference = Tensor.ones(4);
        Rng data = new Rng(3);
        for (int s = 0; s < 6; s++) {
            Tensor x = Tensor.randn(data, 4);
            double scale = 1.0 + x.sumAll().item();
            reference.muli(0.5).addi(x.mul(scale));
            step.run(x);
            assertSameBits(reference, w, "step " + s);
        }
        assertEquals(CapturedStep.Phase.EAGER, step.phase());
        assertTrue(step.eagerReason().contains("changed between two captured steps"), step.eagerReason());
    }

    /** A net trained by Adam; {@code step} runs forward, backward and {@code adam.step()}. */
    private static final class AdamTrainee {
        final Module net = MLP.builder(3).hidden(8).output(1).build(new Rng(5));
        final Adam adam = new Adam(1e-2, 0.9, 0.999, 1e-8, 0, false, null, null);

        AdamTrainee() {
            adam.addParamGroup(net.parameters());
        }

        Tensor step(Tensor[] in) {
            Tensor loss = net.call(in[0]).square().meanAll();
            adam.zeroGrad();
            loss.backward();
            adam.step();
            return loss.detach();
        }
    }

    @ParameterizedTest(name = "{0} replay lane(s)")
    @ValueSource(ints = {1, 2})
    void adamReplaysBitIdenticallyWhenItsHostPreparationIsRepeated(int lanes) {
        AdamTrainee eager = new AdamTrainee();
        AdamTrainee captured = new AdamTrainee();
        CapturedStep<Tensor> step = new CapturedStep<>("adam step", captured::step, captured.adam::prepareStep)
                .setReplayLanes(lanes);
        Rng dataEager = new Rng(9);
        Rng dataCaptured = new Rng(9);
        for (int s = 0; s < 15; s++) {
            assertSameBits(eager.step(new Tensor[] {Tensor.randn(dataEager, 5, 3)}),
                    step.run(Tensor.randn(dataCaptured, 5, 3)), "loss at step " + s);
        }
        assertEquals(CapturedStep.Phase.REPLAYING, step.phase(), step.eagerReason());
        List<Tensor> pe = eager.net.parameters();
        List<Tensor> pc = captured.net.parameters();
        for (int i = 0; i < pe.size(); i++) {
            assertSameBits(pe.get(i), pc.get(i), "parameter " + i);
        }
        assertEquals(eager.adam.stepCount(), captured.adam.stepCount());
        assertEquals(Optional.empty(), StateDict.firstDifference(eager.adam.stateDict().toStateDict(),
                captured.adam.stateDict().toStateDict()), "adam state");
    }

    @Test
    void adamWithoutItsHostPreparationOnReplayStaysEager() {
        AdamTrainee captured = new AdamTrainee();
        CapturedStep<Tensor> step = new CapturedStep<>("adam step", captured::step);
        Rng data = new Rng(9);
        for (int s = 0; s < 4; s++) {
            step.run(Tensor.randn(data, 5, 3));
        }
        assertEquals(CapturedStep.Phase.EAGER, step.phase());
        assertTrue(step.eagerReason().contains("nothing moves what it reads on replay"), step.eagerReason());
    }

    @Test
    void captureOffRunsEagerly() {
        Trainee captured = new Trainee();
        CapturedStep<Tensor> step = new CapturedStep<>("off", captured::step).setEnabled(false);
        Rng data = new Rng(1);
        for (int s = 0; s < 4; s++) {
            step.run(batch(data, 4));
        }
        assertEquals(CapturedStep.Phase.EAGER, step.phase());
        assertEquals("capture is off", step.eagerReason());
    }

    @Test
    void aPlanRefusesInputsOfAnotherShape() {
        Trainee captured = new Trainee();
        CapturedStep<Tensor> step = new CapturedStep<>("regression step", captured::step);
        Rng data = new Rng(1);
        for (int s = 0; s < 3; s++) {
            step.run(batch(data, 4));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.plan().replay(batch(data, 5)));
        assertTrue(e.getMessage().contains("float32[4, 3]") && e.getMessage().contains("float32[5, 3]"),
                e.getMessage());
    }

    /** Adam with L2 decay and AMSGrad, AdamW and AdamTF with AMSGrad, each on a decaying learning-rate schedule. */
    static List<Supplier<Optimizer>> adamVariants() {
        LearningRateSchedule decay = new LinearSchedule(2e-2, 1e-3, 10);
        return List.of(() -> new Adam(1e-2, 0.9, 0.999, 1e-8, 0.01, true, decay, null),
                () -> new AdamW(1e-2, 0.9, 0.999, 1e-8, 0.05, false, decay, null),
                () -> new AdamTF(1e-2, 0.9, 0.999, 1e-7, 0, true, decay, null));
    }

    /**
     * Every Adam-family variant replays bit-identically to eager while its learning rate and bias corrections change
     * each step, and its plan updates each parameter with one fused call.
     */
    @ParameterizedTest
    @MethodSource("adamVariants")
    void adamVariantsReplayBitIdenticallyWithOneCallPerParameter(Supplier<Optimizer> make) {
        Module[] nets = new Module[2];
        Optimizer[] optimizers = new Optimizer[2];
        for (int k = 0; k < 2; k++) {
            nets[k] = MLP.builder(3).hidden(16).output(1).build(new Rng(5));
            optimizers[k] = make.get();
            optimizers[k].addParamGroup(nets[k].parameters());
        }
        BiFunction<Integer, Tensor[], Tensor> train = (k, in) -> {
            Tensor loss = nets[k].call(in[0]).square().meanAll();
            optimizers[k].zeroGrad();
            loss.backward();
            optimizers[k].step();
            return loss.detach();
        };
        CapturedStep<Tensor> step = new CapturedStep<>("adam variant", in -> train.apply(1, in),
                optimizers[1]::prepareStep);
        Rng dataEager = new Rng(9);
        Rng dataCaptured = new Rng(9);
        for (int s = 0; s < 14; s++) {
            assertSameBits(train.apply(0, new Tensor[] {Tensor.randn(dataEager, 6, 3)}),
                    step.run(Tensor.randn(dataCaptured, 6, 3)), "loss at step " + s);
        }
        assertEquals(CapturedStep.Phase.REPLAYING, step.phase(), step.eagerReason());
        // one call updates the whole group (every parameter), none per parameter
        String kernel = optimizers[1] instanceof AdamTF ? "adamStepGroup TENSORFLOW" : "adamStepGroup PYTORCH";
        assertEquals(1, step.plan().callCounts().get(kernel), step.plan().callCounts().toString());
        assertEquals(null, step.plan().callCounts().get(kernel.replace("Group", "")), step.plan().callCounts()
                .toString());
        assertEquals(Optional.empty(), StateDict.firstDifference(optimizers[0].stateDict().toStateDict(),
                optimizers[1].stateDict().toStateDict()), "optimizer state");
        List<Tensor> pe = nets[0].parameters();
        List<Tensor> pc = nets[1].parameters();
        for (int i = 0; i < pe.size(); i++) {
            assertSameBits(pe.get(i), pc.get(i), "parameter " + i);
        }
        long elements = pc.stream().mapToLong(Tensor::numel).sum();
        String profiled = kernel + " " + pc.size() + " parameters " + elements + " elements x1";
        assertTrue(step.plan().profile(1).containsKey(profiled), profiled + " in " + step.plan().profile(1).keySet());
    }
}
