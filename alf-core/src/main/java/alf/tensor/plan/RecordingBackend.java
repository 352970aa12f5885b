package alf.tensor.plan;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.Backend;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.ReduceOp;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;

/**
 * A backend that runs every kernel on the backend it wraps and adds each call, with its arguments, to a
 * {@link Recording}: what the recording hands out while a step is captured. Allocation is passed through unrecorded (a plan keeps the
 * storages it was captured with).
 */
final class RecordingBackend implements Backend {
    private final Backend inner;
    private final Recording sink;

    RecordingBackend(Backend inner, Recording sink) {
        this.inner = inner;
        this.sink = sink;
    }

    /** The wrapped backend. */
    Backend inner() {
        return inner;
    }

    private void record(KernelCall call) {
        sink.record(call);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return inner.allocate(dtype, size);
    }

    /** Host data enters unrecorded, like allocation: a tensor built from Java arrays inside a step is a constant. */
    @Override
    public Storage fromHost(DType dtype, Object hostArray) {
        return inner.fromHost(dtype, hostArray);
    }

    @Override
    public int maxThreads() {
        return inner.maxThreads();
    }

    @Override
    public void setMaxThreads(int threads) {
        inner.setMaxThreads(threads);
    }

    @Override
    public void fill(Tensor out, double value) {
        record(KernelCall.fill(inner, out, value));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        record(KernelCall.copy(inner, src, dst));
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        record(KernelCall.unary(inner, op, x, out));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        record(KernelCall.binary(inner, op, a, b, out));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        record(KernelCall.where(inner, cond, a, b, out));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        record(KernelCall.reduce(inner, op, x, dims, out));
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor out) {
        record(KernelCall.argReduce(inner, max, x, dim, out));
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        record(KernelCall.matmul(inner, a, b, out));
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        record(KernelCall.gather(inner, x, dim, index, out));
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        record(KernelCall.scatterAdd(inner, out, dim, index, src));
    }

    @Override
    public void biasRelu(Tensor z, Tensor bias, Tensor out) {
        record(KernelCall.biasRelu(inner, z, bias, out));
    }

    @Override
    public void matmulBiasRelu(Tensor a, Tensor b, Tensor bias, Tensor out) {
        record(KernelCall.matmulBiasRelu(inner, a, b, bias, out));
    }

    @Override
    public void scaleAdd(Tensor y, double beta, Tensor x, double alpha) {
        record(KernelCall.scaleAdd(inner, y, beta, x, alpha));
    }

    @Override
    public void reluBackwardBiasSum(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        record(KernelCall.reluBackwardBiasSum(inner, g, y, gz, biasGrad));
    }

    @Override
    public void squashedGaussianLogProb(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, Tensor out) {
        record(KernelCall.squashedGaussianLogProb(inner, u, loc, scale, eventScale, out));
    }

    @Override
    public void squashedGaussianLogProbBackward(Tensor g, Tensor u, Tensor loc, Tensor scale, Tensor gu, Tensor gLoc,
            Tensor gScale) {
        record(KernelCall.squashedGaussianLogProbBackward(inner, g, u, loc, scale, gu, gLoc, gScale));
    }

    @Override
    public void adamStep(AdamRule rule, AdamSlots slots) {
        record(KernelCall.adamStep(inner, rule, slots));
    }

    @Override
    public void adamStepGroup(java.util.List<AdamRule> rules, java.util.List<AdamSlots> slots) {
        record(KernelCall.adamStepGroup(inner, rules, slots));
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        record(KernelCall.indexSelect(inner, x, dim, index, out));
    }
}
