package alf.autograd.plan;

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

    @Override
    public void fill(Tensor out, double value) {
        record(new KernelCall.Fill(inner, out, value));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        record(new KernelCall.Copy(inner, src, dst));
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        record(new KernelCall.Unary(inner, op, x, out));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        record(new KernelCall.Binary(inner, op, a, b, out));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        record(new KernelCall.Where(inner, cond, a, b, out));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        record(new KernelCall.Reduce(inner, op, x, dims.clone(), out));
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor out) {
        record(new KernelCall.ArgReduce(inner, max, x, dim, out));
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        record(new KernelCall.Matmul(inner, a, b, out));
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        record(new KernelCall.Gather(inner, x, dim, index, out));
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        record(new KernelCall.ScatterAdd(inner, out, dim, index, src));
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        record(new KernelCall.IndexSelect(inner, x, dim, index, out));
    }
}
