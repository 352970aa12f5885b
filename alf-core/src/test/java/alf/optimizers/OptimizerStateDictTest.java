package alf.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.Checkpointer;
import alf.io.StateDict;
import alf.io.StateDictException;
import alf.tensor.DType;
import alf.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Save/load: 10 uninterrupted steps must be bit-identical to 5 steps, {@link Optimizer#stateDict()}, a new optimizer
 * and new parameters restored from copies, {@link Optimizer#loadStateDict}, 5 more steps; mismatched states are
 * refused.
 */
class OptimizerStateDictTest {

    static Stream<Arguments> optimizers() {
        Supplier<LearningRateSchedule> linear = () -> new LinearSchedule(0.05, 0.01, 8);
        return Stream.of(
                Arguments.of("Adam amsgrad L2", (Supplier<Optimizer>) () ->
                        new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, true, null, null)),
                Arguments.of("AdamW linear lr", (Supplier<Optimizer>) () ->
                        new AdamW(0.05, 0.9, 0.99, 1e-8, 0.1, false, linear.get(), null)),
                Arguments.of("AdamTF clipped", (Supplier<Optimizer>) () ->
                        new AdamTF(0.05, 0.9, 0.99, 1e-7, 0, false, null, new GlobalNormClipping(0.5, 2, false))),
                Arguments.of("Sgd nesterov step lr", (Supplier<Optimizer>) () ->
                        new Sgd(0.05, 0.9, 0, true, 0.01, new StepSchedule(0.05, 3, 0.5), null)),
                Arguments.of("Sgd dampening", (Supplier<Optimizer>) () ->
                        new Sgd(0.05, 0.8, 0.2, false, 0, null, new ValueClipping(0.3))));
    }

    /** Three float32 parameters in two groups; the third gets gradients only from step 3 on. */
    private static List<Tensor> freshParams() {
        return List.of(
                Tensor.of(new float[] {0.3f, -1.2f, 2.5f, 0.7f, -0.1f, 1.9f}, 2, 3).setRequiresGrad(true),
                Tensor.of(new float[] {1.5f, -0.5f}, 2).setRequiresGrad(true),
                Tensor.of(new float[] {-2.0f, 0.25f, 0.125f}, 3).setRequiresGrad(true));
    }

    private static void addGroups(Optimizer opt, List<Tensor> p) {
        opt.addParamGroup(List.of(p.get(0), p.get(1)));
        opt.addParamGroup(List.of(p.get(2)), ParamGroupOptions.none().withLr(0.02).withWeightDecay(0.0));
    }

    /** One step on a smooth non-quadratic loss; parameter 2 has no gradient before global step 3. */
    private static void step(Optimizer opt, List<Tensor> p, int globalStep) {
        Tensor loss = p.get(0).sin().mul(p.get(0)).sumAll().add(p.get(1).square().mul(3.0).sumAll());
        if (globalStep >= 3) {
            loss = loss.add(p.get(2).tanh().sumAll().mul(2.0));
        }
        loss.backward();
        opt.step();
        opt.zeroGrad();
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingIsBitIdentical(String name, Supplier<Optimizer> factory) {
        List<Tensor> straight = freshParams();
        Optimizer a = factory.get();
        addGroups(a, straight);
        for (int t = 1; t <= 10; t++) {
            step(a, straight, t);
        }

        List<Tensor> first = freshParams();
        Optimizer b = factory.get();
        addGroups(b, first);
        for (int t = 1; t <= 5; t++) {
            step(b, first, t);
        }
        OptimizerState saved = throughACheckpointFile(b.stateDict());
        List<Tensor> savedParams = new ArrayList<>();
        for (Tensor p : first) {
            savedParams.add(p.detach().copy()); // what a checkpoint holds next to the optimizer state
        }
        step(b, first, 6); // stepping after the snapshot must not change the snapshot
        List<Tensor> resumedParams = freshParams();
        try (var noGrad = alf.tensor.GradMode.noGrad()) {
            for (int i = 0; i < resumedParams.size(); i++) {
                resumedParams.get(i).copy_(savedParams.get(i));
            }
        }
        Optimizer c = factory.get();
        addGroups(c, resumedParams);
        c.loadStateDict(saved);
        assertEquals(5, c.stepCount());
        for (int t = 6; t <= 10; t++) {
            step(c, resumedParams, t);
        }
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(bits(straight.get(i)), bits(resumedParams.get(i)), name + " parameter " + i);
            for (String slot : a.state(straight.get(i)).tensors().keySet()) {
                assertArrayEquals(bits(a.state(straight.get(i)).tensor(slot)),
                        bits(c.state(resumedParams.get(i)).tensor(slot)), name + " state " + slot + " of " + i);
            }
            assertEquals(a.state(straight.get(i)).step(), c.state(resumedParams.get(i)).step());
        }
        assertEquals(10, a.state(straight.get(0)).step());
        assertEquals(8, a.state(straight.get(2)).step(), "no gradient in steps 1 and 2");
    }

    /** The state as a resume sees it: written into a checkpoint file as a typed state dict and read back. */
    private static OptimizerState throughACheckpointFile(OptimizerState state) {
        try {
            Path dir = Files.createTempDirectory("optimizer-state");
            try {
                Path file = new Checkpointer(dir, 1).save(1, new StateDict().putDict("optimizer",
                        state.toStateDict()));
                OptimizerState back = OptimizerState.fromStateDict(Checkpointer.load(file).state().dict("optimizer"));
                Files.delete(file);
                return back;
            } finally {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSavedStateLackingAFieldIsNamed() {
        List<Tensor> p = freshParams();
        Adam adam = new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, true, null, null);
        addGroups(adam, p);
        StateDict state = adam.stateDict().toStateDict().remove("stepCount");
        StateDictException e = assertThrows(StateDictException.class, () -> OptimizerState.fromStateDict(state));
        assertTrue(e.getMessage().contains("'stepCount' is missing"), e.getMessage());
    }

    @Test
    void stateDictHoldsStepsTensorsAndHyperParameters() {
        List<Tensor> p = freshParams();
        Adam adam = new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, true, null, null);
        addGroups(adam, p);
        step(adam, p, 1);
        OptimizerState s = adam.stateDict();
        assertEquals("Adam", s.optimizer());
        assertEquals(1, s.stepCount());
        assertEquals(true, s.hyperParameters().get("amsgrad"));
        assertEquals(0.99, s.hyperParameters().get("beta2"));
        assertEquals(2, s.groups().size());
        assertEquals(0.02, s.groups().get(1).hyperParameters().get("lr"));
        assertEquals(0.0, s.groups().get(1).hyperParameters().get("weightDecay"));
        SavedParameterState first = s.groups().get(0).parameters().get(0);
        assertEquals(1, first.step());
        assertEquals(java.util.Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), first.tensors().keySet());
        assertEquals(DType.FLOAT32, first.tensors().get("exp_avg").dtype());
        assertEquals(0, s.groups().get(1).parameters().get(0).step(), "never stepped: empty state");
        assertTrue(s.groups().get(1).parameters().get(0).tensors().isEmpty());
    }

    @Test
    void mismatchedStatesAreRefusedNamingTheDifference() {
        List<Tensor> p = freshParams();
        Adam adam = new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, false, null, null);
        addGroups(adam, p);
        step(adam, p, 1);
        OptimizerState s = adam.stateDict();

        Sgd sgd = new Sgd(0.05, 0, 0, false, 0, null, null);
        addGroups(sgd, freshParams());
        String m1 = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(s)).getMessage();
        assertTrue(m1.contains("saved by Adam"), m1);

        Adam otherBeta = new Adam(0.05, 0.9, 0.999, 1e-8, 0.01, false, null, null);
        addGroups(otherBeta, freshParams());
        String m2 = assertThrows(IllegalArgumentException.class, () -> otherBeta.loadStateDict(s)).getMessage();
        assertTrue(m2.contains("beta2") && m2.contains("0.999") && m2.contains("0.99"), m2);

        Adam oneGroup = new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, false, null, null);
        oneGroup.addParamGroup(freshParams());
        String m3 = assertThrows(IllegalArgumentException.class, () -> oneGroup.loadStateDict(s)).getMessage();
        assertTrue(m3.contains("2 parameter group(s)") && m3.contains("has 1"), m3);

        List<Tensor> q = freshParams();
        Adam otherShape = new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, false, null, null);
        otherShape.addParamGroup(List.of(Tensor.zeros(3, 2).setRequiresGrad(true), q.get(1)));
        otherShape.addParamGroup(List.of(q.get(2)), ParamGroupOptions.none().withLr(0.02).withWeightDecay(0.0));
        String m4 = assertThrows(IllegalArgumentException.class, () -> otherShape.loadStateDict(s)).getMessage();
        assertTrue(m4.contains("parameter #0 of group #0") && m4.contains("[2, 3]") && m4.contains("[3, 2]"), m4);

        Adam otherLr = new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, false, null, null);
        List<Tensor> r = freshParams();
        otherLr.addParamGroup(List.of(r.get(0), r.get(1)));
        otherLr.addParamGroup(List.of(r.get(2)), ParamGroupOptions.none().withLr(0.03).withWeightDecay(0.0));
        String m5 = assertThrows(IllegalArgumentException.class, () -> otherLr.loadStateDict(s)).getMessage();
        assertTrue(m5.contains("group #1 lr"), m5);
        assertEquals(0, otherLr.stepCount(), "a refused load changes nothing");
    }
}
