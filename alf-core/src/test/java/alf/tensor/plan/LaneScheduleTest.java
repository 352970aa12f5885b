package alf.tensor.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.Backend;
import alf.tensor.Backends;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay on two lanes: conflicts (read after write, write after read, write after write, draws from one generator)
 * keep program order, independent chains spread over both lanes, and many replays of a step with interleaved chains,
 * shared accumulators and random draws give the bits of in-order replay.
 */
class LaneScheduleTest {
    private static final Backend CPU = Backends.byName("cpu");

    @Test
    void conflictsAreOrderedAndIndependentCallsAreNot() {
        Tensor a = Tensor.zeros(4);
        Tensor b = Tensor.zeros(4);
        Tensor c = Tensor.zeros(4);
        Tensor d = Tensor.zeros(4);
        KernelCall[] calls = {
            KernelCall.fill(CPU, a, 1),                     // 0 writes a
            KernelCall.fill(CPU, b, 2),                     // 1 writes b
            KernelCall.binary(CPU, BinaryOp.ADD, a, b, c),  // 2 reads a, b (after 0, 1)
            KernelCall.fill(CPU, a, 3),                     // 3 writes a: after its writer 0 and its reader 2
            KernelCall.unary(CPU, UnaryOp.NEG, b, d),       // 4 reads b (after 1 only)
            KernelCall.fill(CPU, c, 5),                     // 5 writes c: after writer 2
        };
        int[][] deps = LaneSchedule.dependencies(calls);
        assertArrayEquals(new int[0], deps[0]);
        assertArrayEquals(new int[0], deps[1]);
        assertArrayEquals(new int[] {0, 1}, deps[2]);
        assertArrayEquals(new int[] {0, 2}, deps[3]);
        assertArrayEquals(new int[] {1}, deps[4]);
        assertArrayEquals(new int[] {2}, deps[5]);
    }

    @Test
    void drawsFromOneGeneratorKeepTheirOrder() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.zeros(8);
        List<KernelCall> drawn = new ArrayList<>();
        CapturedStep<Tensor[]> step = new CapturedStep<>("draws", in -> {
            Tensor u = Tensor.randn(rng, 8);
            Tensor v = Tensor.randn(rng, 8);
            return new Tensor[] {u.add(in[0]), v.add(in[0])};
        });
        step.run(x);
        step.run(x);
        step.run(x);
        KernelCall[] calls = planCalls(step);
        for (KernelCall c : calls) {
            if (c.name().startsWith("random")) {
                drawn.add(c);
            }
        }
        assertEquals(2, drawn.size());
        int second = Arrays.asList(calls).indexOf(drawn.get(1));
        int first = Arrays.asList(calls).indexOf(drawn.get(0));
        assertTrue(Arrays.stream(LaneSchedule.dependencies(calls)[second]).anyMatch(d -> d == first),
                "the second draw waits for the first");
    }

    private static KernelCall[] planCalls(CapturedStep<?> step) {
        assertEquals(CapturedStep.Phase.REPLAYING, step.phase(), step.eagerReason());
        return step.plan().calls();
    }

    @Test
    void independentChainsSpreadOverBothLanes() {
        Tensor[] chains = new Tensor[4];
        for (int i = 0; i < chains.length; i++) {
            chains[i] = Tensor.zeros(64, 64);
        }
        List<KernelCall> calls = new ArrayList<>();
        for (int step = 0; step < 10; step++) {
            for (Tensor t : chains) {
                calls.add(KernelCall.unary(CPU, UnaryOp.EXP, t, t));
            }
        }
        LaneSchedule s = LaneSchedule.of(calls.toArray(new KernelCall[0]), 2);
        assertEquals(20, s.order(0).length, s.toString());
        assertEquals(20, s.order(1).length, s.toString());
        assertThrows(IllegalArgumentException.class, () -> LaneSchedule.of(new KernelCall[0], 0));
    }

    /**
     * A call that fails on one lane while the other lane waits (parked) for that lane's later work: the replay throws
     * the failure instead of hanging, and the team then replays the same calls to the values of in-order execution.
     */
    @Test
    void aFailingLaneWakesTheWaitingLaneAndTheTeamStaysUsable() {
        Tensor x = Tensor.ones(64, 64);
        Tensor w = Tensor.ones(64, 64);
        boolean[] failing = new boolean[2];
        List<KernelCall> calls = new ArrayList<>();
        int[] hostCalls = new int[2];
        Tensor[] chains = {x, w};
        for (int chain = 0; chain < 2; chain++) {
            int which = chain;
            calls.add(KernelCall.fill(CPU, chains[chain], chain + 1));
            hostCalls[chain] = calls.size();
            // writes element 0 of the chain's tensor, so it stays in that chain's order
            calls.add(KernelCall.hostScalar(() -> {
                if (failing[which]) {
                    throw new IllegalStateException("host value failed");
                }
                return 3;
            }, chains[chain]));
            for (int i = 0; i < 20; i++) {
                calls.add(KernelCall.unary(CPU, UnaryOp.NEG, chains[chain], chains[chain]));
            }
        }
        int joiningCall = calls.size();
        calls.add(KernelCall.binary(CPU, BinaryOp.ADD, x, w, x));
        KernelCall[] all = calls.toArray(new KernelCall[0]);
        LaneSchedule schedule = LaneSchedule.of(all, 2);
        int otherLane = 1 - laneOf(schedule, joiningCall);
        int failingChain = laneOf(schedule, hostCalls[0]) == otherLane ? 0 : 1;
        assertEquals(otherLane, laneOf(schedule, hostCalls[failingChain]), "the chains share a lane: " + schedule);
        assertTrue(schedule.waitFor(joiningCall, otherLane) > 0, schedule.toString());
        failing[failingChain] = true;
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalStateException.class, () -> ReplayLanes.run(all, schedule)));
        assertEquals("host value failed", e.getMessage());
        failing[failingChain] = false;
        ReplayLanes.run(all, schedule);
        float[] expected = new float[64 * 64];
        Arrays.fill(expected, 3f);
        expected[0] = 6f;
        assertArrayEquals(expected, x.toFloatArray());
    }

    private static int laneOf(LaneSchedule schedule, int call) {
        for (int lane = 0; lane < schedule.lanes(); lane++) {
            for (int c : schedule.order(lane)) {
                if (c == call) {
                    return lane;
                }
            }
        }
        throw new AssertionError("call " + call + " is on no lane");
    }

    /**
     * Four chains of matrix products and elementwise ops that read each other's results, accumulate into one shared
     * tensor in a fixed order and draw from one generator: two lanes replayed many times give the bits of one lane,
     * also when every product is split into chunks (threading threshold 0) so that a waiting lane runs shares of the
     * other lane's products ({@link alf.tensor.SharedCores}).
     */
    @Test
    void twoLanesReplayTheBitsOfOneLane() {
        float[] reference = replayChains(1, false);
        for (boolean split : new boolean[] {false, true}) {
            float[] result = replayChains(2, split);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(result[i]),
                        "element " + i + (split ? ", products split" : ""));
            }
        }
    }

    private static float[] replayChains(int lanes, boolean splitEveryProduct) {
        long threshold = alf.tensor.cpu.Gemm.parallelThreshold();
        int threads = alf.tensor.cpu.Gemm.maxThreads();
        if (splitEveryProduct) {
            alf.tensor.cpu.Gemm.setParallelThreshold(0);
            alf.tensor.cpu.Gemm.setMaxThreads(Math.max(2, threads));
        }
        try {
            Rng rng = new Rng(5);
            Tensor[] w = new Tensor[4];
            for (int i = 0; i < w.length; i++) {
                w[i] = Tensor.randn(new Rng(10 + i), 64, 64).mul(0.2);
            }
            Tensor total = Tensor.zeros(64, 64);
            CapturedStep<Tensor> step = new CapturedStep<Tensor>("chains", in -> {
                Tensor[] h = new Tensor[w.length];
                for (int i = 0; i < w.length; i++) {
                    h[i] = in[0].matmul(w[i]).tanh().add(Tensor.randn(rng, 64, 64).mul(0.01));
                }
                for (int i = 0; i < w.length; i++) {
                    // each chain's weights move by the next chain's output: cross-lane reads and writes after reads
                    w[i].subi(h[(i + 1) % w.length].matmul(h[i]).mul(1e-3));
                    total.muli(0.5).addi(h[i]);
                }
                return total;
            }).setReplayLanes(lanes);
            Rng data = new Rng(3);
            for (int s = 0; s < 60; s++) {
                step.run(Tensor.randn(data, 64, 64));
            }
            assertEquals(lanes, step.plan().lanes());
            return total.toFloatArray();
        } finally {
            alf.tensor.cpu.Gemm.setParallelThreshold(threshold);
            alf.tensor.cpu.Gemm.setMaxThreads(threads);
        }
    }

    /** A product with its bias + ReLU epilogue costs what the product costs (and more), not what its output's size does. */
    @Test
    void aFusedLinearLayerIsCostedAsTheProductItIs() {
        Tensor a = Tensor.zeros(1, 256, 256);
        Tensor b = Tensor.zeros(1, 256, 256);
        Tensor bias = Tensor.zeros(256);
        Tensor out = Tensor.zeros(1, 256, 256);
        double product = LaneSchedule.cost(KernelCall.matmul(CPU, a, b, out));
        double fused = LaneSchedule.cost(KernelCall.matmulBiasRelu(CPU, a, b, bias, out));
        double elementwise = LaneSchedule.cost(KernelCall.biasRelu(CPU, out, bias, out));
        assertTrue(fused >= product && product > 10 * elementwise, fused + " " + product + " " + elementwise);
    }

    /** A group's optimizer step costs what its parameters' steps cost together, not what its largest one does. */
    @Test
    void aGroupOptimizerStepIsCostedAsAllItsParameters() {
        List<AdamRule> rules = new ArrayList<>();
        List<AdamSlots> slots = new ArrayList<>();
        for (int[] shape : new int[][] {{256, 256}, {256, 256}, {256}}) {
            rules.add(new AdamRule(AdamRule.Form.PYTORCH, 0.9, 0.999, 1e-8, 0, null,
                    Tensor.scalar(-1e-3, DType.FLOAT64), Tensor.scalar(1.0, DType.FLOAT64)));
            slots.add(new AdamSlots(Tensor.zeros(shape), Tensor.zeros(shape), Tensor.zeros(shape),
                    Tensor.zeros(shape), null, Tensor.zeros(shape), Tensor.zeros(shape)));
        }
        double group = LaneSchedule.cost(KernelCall.adamStepGroup(CPU, rules, slots));
        double largest = LaneSchedule.cost(KernelCall.adamStep(CPU, rules.get(0), slots.get(0)));
        assertEquals(LaneSchedule.CALL_COST + 2 * 65536 + 256, group, 1e-9);
        assertEquals(LaneSchedule.CALL_COST + 65536, largest, 1e-9);
    }
}
