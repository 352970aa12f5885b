package alf.tensor.plan;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.Backend;
import alf.tensor.BinaryOp;
import alf.tensor.RandomDraw;
import alf.tensor.ReduceOp;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One recorded primitive: a kernel call of the backend SPI ({@link Backend}) with the very tensors (storages, views)
 * it read and wrote, a random draw, or a Java number ({@link Tensor#hostScalar}). Replaying it ({@link #run}) calls
 * the same kernel of the same backend on the same tensors again, draws again from the same generator, or asks the
 * supplier again, so a list of calls is backend-neutral: a device backend can replay it as a device graph.
 *
 * @param name       the kernel's name, e.g. {@code binary MUL}
 * @param reads      the tensors the call reads (scatterAdd's output too: it accumulates)
 * @param writes     the tensors the call writes
 * @param attributes the non-tensor arguments (backend, op, dims, fill value, generator), compared between captures
 * @param hostValue  the supplier of a host scalar call, else null (not an attribute: each eager step makes its own)
 * @param action     what {@link #run} does
 */
record KernelCall(String name, Tensor[] reads, Tensor[] writes, Object[] attributes, DoubleSupplier hostValue,
        Runnable action) {

    private static final Tensor[] NONE = new Tensor[0];

    private static KernelCall kernel(String name, Tensor[] reads, Tensor out, Runnable action, Object... attributes) {
        return new KernelCall(name, reads, new Tensor[] {out}, attributes, null, action);
    }

    /** Runs the call again. */
    void run() {
        action.run();
    }

    static KernelCall fill(Backend backend, Tensor out, double value) {
        return kernel("fill", NONE, out, () -> backend.fill(out, value), backend, value);
    }

    static KernelCall copy(Backend backend, Tensor src, Tensor dst) {
        return kernel("copy", new Tensor[] {src}, dst, () -> backend.copy(src, dst), backend);
    }

    static KernelCall unary(Backend backend, UnaryOp op, Tensor x, Tensor out) {
        return kernel("unary " + op, new Tensor[] {x}, out, () -> backend.unary(op, x, out), backend, op);
    }

    static KernelCall binary(Backend backend, BinaryOp op, Tensor a, Tensor b, Tensor out) {
        return kernel("binary " + op, new Tensor[] {a, b}, out, () -> backend.binary(op, a, b, out), backend, op);
    }

    static KernelCall where(Backend backend, Tensor cond, Tensor a, Tensor b, Tensor out) {
        return kernel("where", new Tensor[] {cond, a, b}, out, () -> backend.where(cond, a, b, out), backend);
    }

    /** {@code dims} is copied: the caller may reuse its array. */
    static KernelCall reduce(Backend backend, ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        boolean[] own = dims.clone();
        return kernel("reduce " + op, new Tensor[] {x}, out, () -> backend.reduce(op, x, own, out), backend, op,
                Arrays.toString(own));
    }

    static KernelCall argReduce(Backend backend, boolean max, Tensor x, int dim, Tensor out) {
        return kernel(max ? "argmax" : "argmin", new Tensor[] {x}, out, () -> backend.argReduce(max, x, dim, out),
                backend, max, dim);
    }

    static KernelCall matmul(Backend backend, Tensor a, Tensor b, Tensor out) {
        return kernel("matmul", new Tensor[] {a, b}, out, () -> backend.matmul(a, b, out), backend);
    }

    static KernelCall gather(Backend backend, Tensor x, int dim, Tensor index, Tensor out) {
        return kernel("gather", new Tensor[] {x, index}, out, () -> backend.gather(x, dim, index, out), backend, dim);
    }

    static KernelCall scatterAdd(Backend backend, Tensor out, int dim, Tensor index, Tensor src) {
        return kernel("scatterAdd", new Tensor[] {out, index, src}, out,
                () -> backend.scatterAdd(out, dim, index, src), backend, dim);
    }

    static KernelCall indexSelect(Backend backend, Tensor x, int dim, Tensor index, Tensor out) {
        return kernel("indexSelect", new Tensor[] {x, index}, out, () -> backend.indexSelect(x, dim, index, out),
                backend, dim);
    }

    static KernelCall biasRelu(Backend backend, Tensor z, Tensor bias, Tensor out) {
        return kernel("biasRelu", new Tensor[] {z, bias}, out, () -> backend.biasRelu(z, bias, out), backend);
    }

    static KernelCall matmulBiasRelu(Backend backend, Tensor a, Tensor b, Tensor bias, Tensor out) {
        return kernel("matmulBiasRelu", new Tensor[] {a, b, bias}, out, () -> backend.matmulBiasRelu(a, b, bias, out),
                backend);
    }

    static KernelCall scaleAdd(Backend backend, Tensor y, double beta, Tensor x, double alpha) {
        return new KernelCall("scaleAdd", new Tensor[] {y, x}, new Tensor[] {y}, new Object[] {backend, beta, alpha},
                null, () -> backend.scaleAdd(y, beta, x, alpha));
    }

    static KernelCall reluBackwardBiasSum(Backend backend, Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        return new KernelCall("reluBackwardBiasSum", new Tensor[] {g, y}, new Tensor[] {gz, biasGrad},
                new Object[] {backend}, null, () -> backend.reluBackwardBiasSum(g, y, gz, biasGrad));
    }

    static KernelCall squashedGaussianLogProb(Backend backend, Tensor u, Tensor loc, Tensor scale, Tensor eventScale,
            Tensor out) {
        Tensor[] reads = eventScale == null ? new Tensor[] {u, loc, scale} : new Tensor[] {u, loc, scale, eventScale};
        return kernel("squashedGaussianLogProb", reads, out,
                () -> backend.squashedGaussianLogProb(u, loc, scale, eventScale, out), backend, eventScale != null);
    }

    static KernelCall squashedGaussianLogProbBackward(Backend backend, Tensor g, Tensor u, Tensor loc, Tensor scale,
            Tensor gu, Tensor gLoc, Tensor gScale) {
        return new KernelCall("squashedGaussianLogProbBackward", new Tensor[] {g, u, loc, scale},
                new Tensor[] {gu, gLoc, gScale}, new Object[] {backend}, null,
                () -> backend.squashedGaussianLogProbBackward(g, u, loc, scale, gu, gLoc, gScale));
    }

    /**
     * A fused Adam-family update: reads the parameter, gradient, moments and per-step numbers, writes the parameter,
     * moments and scratch.
     */
    static KernelCall adamStep(Backend backend, AdamRule rule, AdamSlots slots) {
        List<Tensor> reads = new ArrayList<>();
        List<Tensor> writes = new ArrayList<>();
        List<Object> attributes = new ArrayList<>(List.of(backend));
        addAdamOperands(rule, slots, reads, writes, attributes);
        return new KernelCall("adamStep " + rule.form(), reads.toArray(NONE), writes.toArray(NONE),
                attributes.toArray(), null, () -> backend.adamStep(rule, slots));
    }

    /**
     * The Adam-family updates of one optimizer group in one call: what {@link #adamStep} reads and writes, for every
     * parameter of the group; its first attributes after the backend are the number of parameters and their elements
     * in all ({@link #groupSize}). The lists are copied: the caller may reuse its own.
     */
    static KernelCall adamStepGroup(Backend backend, List<AdamRule> rules, List<AdamSlots> slots) {
        List<AdamRule> ownRules = List.copyOf(rules);
        List<AdamSlots> ownSlots = List.copyOf(slots);
        List<Tensor> reads = new ArrayList<>();
        List<Tensor> writes = new ArrayList<>();
        long elements = 0;
        for (AdamSlots s : ownSlots) {
            elements += s.param().numel();
        }
        List<Object> attributes = new ArrayList<>(List.of(backend, ownSlots.size(), elements));
        for (int i = 0; i < ownSlots.size(); i++) {
            addAdamOperands(ownRules.get(i), ownSlots.get(i), reads, writes, attributes);
        }
        String form = ownRules.isEmpty() ? "" : " " + ownRules.get(0).form();
        return new KernelCall("adamStepGroup" + form, reads.toArray(NONE), writes.toArray(NONE), attributes.toArray(),
                null, () -> backend.adamStepGroup(ownRules, ownSlots));
    }

    /** For a group's optimizer step ({@link #adamStepGroup}): {parameters, elements in all}; else null. */
    long[] groupSize() {
        if (!name.startsWith("adamStepGroup")) {
            return null;
        }
        return new long[] {(Integer) attributes[1], (Long) attributes[2]};
    }

    /** Adds one Adam-family update's tensors read and written, and its attributes (form, β₁, β₂, ε, decays). */
    private static void addAdamOperands(AdamRule rule, AdamSlots slots, List<Tensor> reads, List<Tensor> writes,
            List<Object> attributes) {
        reads.addAll(List.of(slots.param(), slots.grad(), slots.expAvg(), slots.expAvgSq()));
        writes.addAll(List.of(slots.param(), slots.expAvg(), slots.expAvgSq(), slots.work(), slots.work2()));
        if (slots.amsgrad()) {
            reads.add(slots.maxExpAvgSq());
            writes.add(slots.maxExpAvgSq());
        }
        for (Tensor scalar : new Tensor[] {rule.decoupledDecay(), rule.stepSize(), rule.sqrtBiasCorrection2()}) {
            if (scalar != null) {
                reads.add(scalar);
            }
        }
        attributes.addAll(List.of(rule.form(), rule.beta1(), rule.beta2(), rule.eps(), rule.l2Decay(),
                rule.decoupledDecay() != null, slots.amsgrad()));
    }

    /** A random fill, drawn again from the same generator on replay (the same stream as eager). */
    static KernelCall draw(RandomDraw draw) {
        return kernel("random " + draw.kind(), NONE, draw.out(), draw::redo, draw.rng(), draw.kind(), draw.a(),
                draw.b());
    }

    /** A Java number evaluated again into its 0-d wrapped tensor on replay. */
    static KernelCall hostScalar(DoubleSupplier value, Tensor out) {
        return new KernelCall("host scalar", NONE, new Tensor[] {out}, new Object[0], value,
                () -> out.storage().setDouble(out.offset(), value.getAsDouble()));
    }
}
