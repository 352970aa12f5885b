package alf.autograd.plan;

import alf.tensor.Backend;
import alf.tensor.BinaryOp;
import alf.tensor.RandomDraw;
import alf.tensor.ReduceOp;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.util.Arrays;

/**
 * One recorded primitive: a kernel call of the backend SPI ({@link Backend}) with the very tensors (storages, views)
 * it read and wrote, or a random draw. Replaying it ({@link #run}) calls the same kernel of the same backend on the
 * same tensors again, so a list of calls is backend-neutral: a device backend can replay it as a device graph.
 *
 * <p>{@link #reads} and {@link #writes} name the tensors for the plan's checks; {@link #attributes} are the non-tensor
 * arguments (op, dims, fill value, generator), compared between two captures of a step.
 */
sealed interface KernelCall {

    /** Runs the call again. */
    void run();

    /** The kernel's name, e.g. {@code binary}. */
    String name();

    /** The tensors the call reads (for scatterAdd its output too: it accumulates). */
    Tensor[] reads();

    /** The tensors the call writes. */
    Tensor[] writes();

    /** The non-tensor arguments. */
    Object[] attributes();

    /** {@link Backend#fill}. */
    record Fill(Backend backend, Tensor out, double value) implements KernelCall {
        public void run() {
            backend.fill(out, value);
        }

        public String name() {
            return "fill";
        }

        public Tensor[] reads() {
            return new Tensor[0];
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, value};
        }
    }

    /** {@link Backend#copy}. */
    record Copy(Backend backend, Tensor src, Tensor dst) implements KernelCall {
        public void run() {
            backend.copy(src, dst);
        }

        public String name() {
            return "copy";
        }

        public Tensor[] reads() {
            return new Tensor[] {src};
        }

        public Tensor[] writes() {
            return new Tensor[] {dst};
        }

        public Object[] attributes() {
            return new Object[] {backend};
        }
    }

    /** {@link Backend#unary}. */
    record Unary(Backend backend, UnaryOp op, Tensor x, Tensor out) implements KernelCall {
        public void run() {
            backend.unary(op, x, out);
        }

        public String name() {
            return "unary " + op;
        }

        public Tensor[] reads() {
            return new Tensor[] {x};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, op};
        }
    }

    /** {@link Backend#binary}. */
    record Binary(Backend backend, BinaryOp op, Tensor a, Tensor b, Tensor out) implements KernelCall {
        public void run() {
            backend.binary(op, a, b, out);
        }

        public String name() {
            return "binary " + op;
        }

        public Tensor[] reads() {
            return new Tensor[] {a, b};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, op};
        }
    }

    /** {@link Backend#where}. */
    record Where(Backend backend, Tensor cond, Tensor a, Tensor b, Tensor out) implements KernelCall {
        public void run() {
            backend.where(cond, a, b, out);
        }

        public String name() {
            return "where";
        }

        public Tensor[] reads() {
            return new Tensor[] {cond, a, b};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend};
        }
    }

    /** {@link Backend#reduce}; {@code dims} is the call's own copy. */
    record Reduce(Backend backend, ReduceOp op, Tensor x, boolean[] dims, Tensor out) implements KernelCall {
        public void run() {
            backend.reduce(op, x, dims, out);
        }

        public String name() {
            return "reduce " + op;
        }

        public Tensor[] reads() {
            return new Tensor[] {x};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, op, Arrays.toString(dims)};
        }
    }

    /** {@link Backend#argReduce}. */
    record ArgReduce(Backend backend, boolean max, Tensor x, int dim, Tensor out) implements KernelCall {
        public void run() {
            backend.argReduce(max, x, dim, out);
        }

        public String name() {
            return max ? "argmax" : "argmin";
        }

        public Tensor[] reads() {
            return new Tensor[] {x};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, max, dim};
        }
    }

    /** {@link Backend#matmul}. */
    record Matmul(Backend backend, Tensor a, Tensor b, Tensor out) implements KernelCall {
        public void run() {
            backend.matmul(a, b, out);
        }

        public String name() {
            return "matmul";
        }

        public Tensor[] reads() {
            return new Tensor[] {a, b};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend};
        }
    }

    /** {@link Backend#gather}. */
    record Gather(Backend backend, Tensor x, int dim, Tensor index, Tensor out) implements KernelCall {
        public void run() {
            backend.gather(x, dim, index, out);
        }

        public String name() {
            return "gather";
        }

        public Tensor[] reads() {
            return new Tensor[] {x, index};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, dim};
        }
    }

    /** {@link Backend#scatterAdd}: reads and writes {@code out}. */
    record ScatterAdd(Backend backend, Tensor out, int dim, Tensor index, Tensor src) implements KernelCall {
        public void run() {
            backend.scatterAdd(out, dim, index, src);
        }

        public String name() {
            return "scatterAdd";
        }

        public Tensor[] reads() {
            return new Tensor[] {out, index, src};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, dim};
        }
    }

    /** {@link Backend#indexSelect}. */
    record IndexSelect(Backend backend, Tensor x, int dim, Tensor index, Tensor out) implements KernelCall {
        public void run() {
            backend.indexSelect(x, dim, index, out);
        }

        public String name() {
            return "indexSelect";
        }

        public Tensor[] reads() {
            return new Tensor[] {x, index};
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[] {backend, dim};
        }
    }

    /**
     * A Java number ({@link Tensor#hostScalar}) evaluated again into its 0-d tensor on replay; the supplier is not an
     * attribute (each eager step makes its own), {@link Recording#checkSameAs} compares what the suppliers give.
     */
    record HostScalar(java.util.function.DoubleSupplier value, Tensor out) implements KernelCall {
        public void run() {
            out.storage().setDouble(out.offset(), value.getAsDouble());
        }

        public String name() {
            return "host scalar";
        }

        public Tensor[] reads() {
            return new Tensor[0];
        }

        public Tensor[] writes() {
            return new Tensor[] {out};
        }

        public Object[] attributes() {
            return new Object[0];
        }
    }

    /** A random fill, drawn again from the same generator on replay (same stream as eager). */
    record Draw(RandomDraw draw) implements KernelCall {
        public void run() {
            draw.redo();
        }

        public String name() {
            return "random " + draw.kind();
        }

        public Tensor[] reads() {
            return new Tensor[0];
        }

        public Tensor[] writes() {
            return new Tensor[] {draw.out()};
        }

        public Object[] attributes() {
            return new Object[] {draw.rng(), draw.kind(), draw.a(), draw.b()};
        }
    }
}
