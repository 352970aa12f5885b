package alf.tensor;

import java.util.Arrays;

/**
 * Differentiable elementwise operations: each forward (type promotion, broadcasting, one backend kernel) sits next to
 * its backward formula, written in tensor ops so that higher-order gradients work.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static String opName(BinaryOp op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String opName(UnaryOp op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    static void checkSameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device()) && !a.isWrappedNumber() && !b.isWrappedNumber()) {
            throw new IllegalArgumentException(op + ": expected all tensors on the same device, got "
                    + a.device() + " and " + b.device());
        }
    }

    /** The dtype a binary op computes in (true division and atan2 of integers compute in the default float). */
    static DType computeType(BinaryOp op, Tensor a, Tensor b) {
        DType rt = TypePromotion.resultType(a, b);
        if ((op == BinaryOp.DIV || op == BinaryOp.ATAN2) && !rt.isFloatingPoint()) {
            return DType.DEFAULT_FLOAT;
        }
        return rt;
    }

    // ------------------------------------------------------------------ binary

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (a.isWrappedNumber() && b.isWrappedNumber()) {
            // two Java numbers: exact double (or long) arithmetic, and the result is still a Java number
            boolean integral = !a.dtype().isFloatingPoint() && !b.dtype().isFloatingPoint() && op != BinaryOp.DIV;
            if (op.producesBool()) {
                double r = integral ? op.applyLong(a.storage.getLong(0), b.storage.getLong(0))
                        : op.apply(a.storage.getDouble(0), b.storage.getDouble(0));
                return Tensor.scalar(r != 0);
            }
            return integral ? Tensor.wrap(op.applyLong(a.storage.getLong(0), b.storage.getLong(0)))
                    : Tensor.wrap(op.apply(a.storage.getDouble(0), b.storage.getDouble(0)));
        }
        String name = opName(op);
        checkSameDevice(name, a, b);
        DType compute = computeType(op, a, b);
        int[] shape = Shapes.broadcast(name, a.shape, b.shape);
        Tensor out = Tensor.empty(op.producesBool() ? DType.BOOL : compute, a.isWrappedNumber() ? b.device()
                : a.device(), shape);
        out.backend().binary(op, ShapeOps.expandRaw(ShapeOps.castRaw(a, compute), shape),
                ShapeOps.expandRaw(ShapeOps.castRaw(b, compute), shape), out);
        if (!op.producesBool() && Autograd.needsGrad(a, b)) {
            if (!compute.isFloatingPoint()) {
                throw new IllegalStateException(name + ": integral result cannot require grad");
            }
            recordBinary(op, a, b, out, out);
        }
        return out;
    }

    /** Attaches the backward of {@code out = op(a, b)}; {@code y} is the value the formula may use for the output. */
    private static void recordBinary(BinaryOp op, Tensor a, Tensor b, Tensor out, Tensor y) {
        String name = opName(op);
        Tensor[] inputs = {a, b};
        switch (op) {
            case ADD -> Autograd.record(out, name, inputs, new Tensor[0], (g, s) -> new Tensor[] {g, g});
            case SUB -> Autograd.record(out, name, inputs, new Tensor[0], (g, s) -> new Tensor[] {g, g.neg()});
            case MUL -> Autograd.record(out, name, inputs, new Tensor[] {a, b},
                    (g, s) -> new Tensor[] {Autograd.needsInputGrad(0) ? g.mul(s[1]) : null,
                        Autograd.needsInputGrad(1) ? g.mul(s[0]) : null});
            case DIV -> Autograd.record(out, name, inputs, new Tensor[] {a, b},
                    (g, s) -> new Tensor[] {Autograd.needsInputGrad(0) ? g.div(s[1]) : null,
                        Autograd.needsInputGrad(1) ? g.neg().mul(s[0]).div(s[1].mul(s[1])) : null});
            case POW -> Autograd.record(out, name, inputs, new Tensor[] {a, b, y}, (g, s) -> {
                Tensor base = s[0];
                Tensor exponent = s[1];
                Tensor ga = null;
                Tensor gb = null;
                if (Autograd.needsInputGrad(0)) {
                    // d/da a^b = b·a^(b−1); zero where b == 0 (PyTorch's pow_backward)
                    Tensor d = g.mul(exponent).mul(base.pow(exponent.sub(1.0)));
                    ga = Tensor.where(exponent.eq(0.0), Tensor.zerosLike(d), d);
                }
                if (Autograd.needsInputGrad(1)) {
                    // d/db a^b = a^b·log a, with 0 where a == 0 and b >= 0
                    Tensor d = g.mul(s[2]).mul(base.log());
                    gb = Tensor.where(base.eq(0.0).logicalAnd(exponent.ge(0.0)), Tensor.zerosLike(d), d);
                }
                return new Tensor[] {ga, gb};
            });
            case MAXIMUM, MINIMUM -> Autograd.record(out, name, inputs, new Tensor[] {a, b}, (g, s) -> {
                // ties split the gradient evenly (torch.maximum/minimum backward)
                Tensor aWins = op == BinaryOp.MAXIMUM ? s[0].gt(s[1]) : s[0].lt(s[1]);
                Tensor tie = s[0].eq(s[1]);
                Tensor half = g.mul(0.5);
                Tensor zero = Tensor.zerosLike(g);
                Tensor ga = Tensor.where(tie, half, Tensor.where(aWins, g, zero));
                Tensor gb = Tensor.where(tie, half, Tensor.where(aWins, zero, g));
                return new Tensor[] {ga, gb};
            });
            case ATAN2 -> Autograd.record(out, name, inputs, new Tensor[] {a, b}, (g, s) -> {
                Tensor r2 = s[0].square().add(s[1].square());
                return new Tensor[] {g.mul(s[1]).div(r2), g.neg().mul(s[0]).div(r2)};
            });
            case REMAINDER -> Autograd.record(out, name, inputs, new Tensor[] {a, b},
                    (g, s) -> new Tensor[] {g, Autograd.needsInputGrad(1) ? g.neg().mul(s[0].floorDivide(s[1])) : null});
            case FLOOR_DIV -> Autograd.record(out, name, inputs, new Tensor[0],
                    (g, s) -> new Tensor[] {Tensor.zerosLike(g), Tensor.zerosLike(g)});
            case RELU_BACKWARD -> Autograd.record(out, name, inputs, new Tensor[] {b},
                    (g, s) -> new Tensor[] {binary(BinaryOp.RELU_BACKWARD, g, s[0]), null});
            default -> throw new IllegalStateException("no derivative for " + name);
        }
    }

    // ------------------------------------------------------------------ unary

    static DType unaryComputeType(UnaryOp op, Tensor x) {
        if (!x.dtype().isFloatingPoint() && op.promotesIntegralToFloat()) {
            return DType.DEFAULT_FLOAT;
        }
        return x.dtype();
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        DType compute = unaryComputeType(op, x);
        Tensor out = Tensor.empty(op.producesBool() ? DType.BOOL : compute, x.device(), x.shape);
        out.backend().unary(op, ShapeOps.castRaw(x, compute), out);
        if (!op.producesBool() && Autograd.needsGrad(x)) {
            recordUnary(op, x, out);
        }
        return out;
    }

    private static void recordUnary(UnaryOp op, Tensor x, Tensor y) {
        String name = opName(op);
        Tensor[] in = {x};
        switch (op) {
            case NEG -> Autograd.record(y, name, in, new Tensor[0], (g, s) -> new Tensor[] {g.neg()});
            case ABS -> Autograd.record(y, name, in, new Tensor[] {x}, (g, s) -> new Tensor[] {g.mul(s[0].sign())});
            case SIGN, FLOOR, CEIL, ROUND -> Autograd.record(y, name, in, new Tensor[0],
                    (g, s) -> new Tensor[] {Tensor.zerosLike(g)});
            case EXP -> Autograd.record(y, name, in, new Tensor[] {y}, (g, s) -> new Tensor[] {g.mul(s[0])});
            case LOG -> Autograd.record(y, name, in, new Tensor[] {x}, (g, s) -> new Tensor[] {g.div(s[0])});
            case LOG1P -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.div(s[0].add(1.0))});
            case EXPM1 -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.mul(s[0].add(1.0))});
            case TANH -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.mul(s[0].square().rsub(1.0))});
            case ATANH -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.div(s[0].square().rsub(1.0))});
            case SIGMOID -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.mul(s[0]).mul(s[0].rsub(1.0))});
            case SOFTPLUS -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.mul(s[0].sigmoid())});
            case RELU -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {binary(BinaryOp.RELU_BACKWARD, g, s[0])});
            // softsign'(x) = 1/(1+|x|)² = (1−|y|)², written in y so the in-place variant can use it
            case SOFTSIGN -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.mul(s[0].abs().rsub(1.0).square())});
            case SQRT -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.div(s[0].mul(2.0))});
            case RSQRT -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.mul(s[0].pow(3.0)).mul(-0.5)});
            case RECIPROCAL -> Autograd.record(y, name, in, new Tensor[] {y},
                    (g, s) -> new Tensor[] {g.neg().mul(s[0].square())});
            case SQUARE -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.mul(s[0]).mul(2.0)});
            case SIN -> Autograd.record(y, name, in, new Tensor[] {x}, (g, s) -> new Tensor[] {g.mul(s[0].cos())});
            case COS -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.neg().mul(s[0].sin())});
            case LGAMMA -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.mul(s[0].digamma())});
            case DIGAMMA -> Autograd.record(y, name, in, new Tensor[] {x},
                    (g, s) -> new Tensor[] {g.mul(unary(UnaryOp.TRIGAMMA, s[0]))});
            default -> throw new IllegalStateException("no derivative for " + name);
        }
    }

    /**
     * softplus(x) = log1p(exp(βx))/β, and x where βx &gt; threshold; backward g·sigmoid(βx) (1 past the threshold).
     * Source: torch.nn.functional.softplus / softplus_backward.
     */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor y;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor bx = beta == 1.0 ? x : x.mul(beta);
            Tensor sp = unary(UnaryOp.SOFTPLUS, bx);
            if (beta != 1.0) {
                sp = sp.div(beta);
            }
            y = where(bx.gt(threshold), x, sp);
        }
        if (Autograd.needsGrad(x)) {
            Autograd.record(y, "softplus", new Tensor[] {x}, new Tensor[] {x}, (g, s) -> {
                Tensor bx = beta == 1.0 ? s[0] : s[0].mul(beta);
                return new Tensor[] {where(bx.gt(threshold), g, g.mul(bx.sigmoid()))};
            });
        }
        return y;
    }

    /** min(max(x, lo), hi) with NaN bounds meaning "none"; the gradient passes where lo ≤ x ≤ hi. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min " + lo + " is greater than max " + hi);
        }
        Tensor y;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            y = x;
            if (!Double.isNaN(lo)) {
                y = binary(BinaryOp.MAXIMUM, y, Tensor.wrap(lo));
            }
            if (!Double.isNaN(hi)) {
                y = binary(BinaryOp.MINIMUM, y, Tensor.wrap(hi));
            }
            if (y == x) {
                y = x.copy();
            }
        }
        if (Autograd.needsGrad(x)) {
            Autograd.record(y, "clamp", new Tensor[] {x}, new Tensor[] {x}, (g, s) -> {
                Tensor inside = Double.isNaN(lo) ? null : s[0].ge(lo);
                if (!Double.isNaN(hi)) {
                    Tensor below = s[0].le(hi);
                    inside = inside == null ? below : inside.logicalAnd(below);
                }
                return new Tensor[] {where(inside, g, Tensor.zerosLike(g))};
            });
        }
        return y;
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be bool, got " + cond.dtype());
        }
        DType dt = TypePromotion.resultType(a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        Tensor out = Tensor.empty(dt, cond.device(), shape);
        out.backend().where(ShapeOps.expandRaw(cond, shape), ShapeOps.expandRaw(ShapeOps.castRaw(a, dt), shape),
                ShapeOps.expandRaw(ShapeOps.castRaw(b, dt), shape), out);
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, "where", new Tensor[] {null, a, b}, new Tensor[] {cond}, (g, s) -> {
                Tensor zero = Tensor.zerosLike(g);
                return new Tensor[] {null, Autograd.needsInputGrad(1) ? where(s[0], g, zero) : null,
                    Autograd.needsInputGrad(2) ? where(s[0], zero, g) : null};
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ in place

    /** Refuses in-place writes that would corrupt autograd: on a leaf that requires grad, or a view of one. */
    static void checkInPlace(Tensor self, String op) {
        if (!GradMode.isEnabled()) {
            return;
        }
        if (self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad (shape "
                    + Arrays.toString(self.shape) + ") is used in an in-place operation; do it inside "
                    + "GradMode.noGrad() (as optimizers do) or use the out-of-place op");
        }
        for (Tensor base = self.viewBase(); base != null; base = base.viewBase()) {
            if (base.requiresGrad()) {
                throw new IllegalStateException(op + ": in-place operation on a view of a tensor that requires grad "
                        + "is not supported; use the out-of-place op or clone() the view first");
            }
        }
    }

    private static void checkResultFits(String op, DType result, Tensor self) {
        if (result.category().ordinal() > self.dtype().category().ordinal()) {
            throw new IllegalArgumentException(op + ": result type " + result
                    + " can't be cast to the desired output type " + self.dtype());
        }
    }

    private static void checkBroadcastInto(String op, Tensor self, Tensor other) {
        int[] shape = Shapes.broadcast(op, self.shape, other.shape);
        if (!Arrays.equals(shape, self.shape)) {
            throw new IllegalArgumentException(op + ": output with shape " + Arrays.toString(self.shape)
                    + " doesn't match the broadcast shape " + Arrays.toString(shape) + " (other has shape "
                    + Arrays.toString(other.shape) + ")");
        }
    }

    /**
     * The operand of an in-place op, copied first when it is another view of the output's storage (x.addi(x.t())):
     * kernels may only read an operand that is the very output element they write.
     */
    private static Tensor separate(Tensor self, Tensor operand) {
        boolean sameView = operand.storage == self.storage && operand.offset == self.offset
                && Arrays.equals(operand.shape, self.shape) && Arrays.equals(operand.strides, self.strides);
        return operand.storage == self.storage && !sameView ? operand.cloneDetached() : operand;
    }

    static Tensor binaryInPlace(BinaryOp op, Tensor self, Tensor other, String name) {
        checkInPlace(self, name);
        checkSameDevice(name, self, other);
        DType compute = computeType(op, self, other);
        checkResultFits(name, compute, self);
        checkBroadcastInto(name, self, other);
        boolean record = Autograd.needsGrad(self, other);
        Tensor oldSelf = record && op == BinaryOp.MUL && other.requiresGrad() ? self.cloneDetached() : null;
        other = separate(self, other);
        Tensor b = ShapeOps.expandRaw(ShapeOps.castRaw(other, compute), self.shape);
        if (compute == self.dtype()) {
            self.backend().binary(op, self, b, self);
        } else {
            Tensor tmp = Tensor.empty(compute, self.device(), self.shape);
            tmp.backend().binary(op, ShapeOps.castRaw(self, compute), b, tmp);
            self.backend().copy(tmp, self);
        }
        self.storage.bumpVersion();
        if (record) {
            Tensor[] inputs = {self, other};
            Node node = switch (op) {
                case ADD -> new Node(name, inputs).backward((g, s) -> new Tensor[] {g, g});
                case SUB -> new Node(name, inputs).backward((g, s) -> new Tensor[] {g, g.neg()});
                case MUL -> {
                    Node n = new Node(name, inputs);
                    n.save(other);
                    if (oldSelf != null) {
                        n.save(oldSelf);
                    }
                    yield n.backward((g, s) -> new Tensor[] {g.mul(s[0]), s.length > 1 ? g.mul(s[1]) : null});
                }
                case DIV -> {
                    Node n = new Node(name, inputs);
                    n.save(other);
                    n.save(self);
                    // y = a / b: dy/da = 1/b, dy/db = −y/b
                    yield n.backward((g, s) -> new Tensor[] {g.div(s[0]), g.neg().mul(s[1]).div(s[0])});
                }
                default -> throw new IllegalStateException("no in-place derivative for " + name);
            };
            self.setGradFn(node);
        }
        return self;
    }

    static Tensor unaryInPlace(UnaryOp op, Tensor self, String name) {
        checkInPlace(self, name);
        if (!self.dtype().isFloatingPoint() && op.promotesIntegralToFloat()) {
            throw new IllegalArgumentException(name + ": result type float32 can't be cast to " + self.dtype());
        }
        boolean record = Autograd.needsGrad(self);
        Node node = record ? new Node(name, self) : null;
        self.backend().unary(op, self, self);
        self.storage.bumpVersion();
        if (record) {
            node.save(self);
            switch (op) {
                case RELU -> node.backward((g, s) -> new Tensor[] {binary(BinaryOp.RELU_BACKWARD, g, s[0])});
                case TANH -> node.backward((g, s) -> new Tensor[] {g.mul(s[0].square().rsub(1.0))});
                case SOFTSIGN -> node.backward((g, s) -> new Tensor[] {g.mul(s[0].abs().rsub(1.0).square())});
                default -> throw new IllegalStateException("no in-place derivative for " + name);
            }
            self.setGradFn(node);
        }
        return self;
    }

    static Tensor copyInPlace(Tensor self, Tensor src) {
        checkInPlace(self, "copy_");
        checkBroadcastInto("copy_", self, src);
        boolean record = Autograd.needsGrad(self, src);
        Node node = record ? new Node("copy_", self, src) : null;
        self.backend().copy(ShapeOps.expandRaw(separate(self, src), self.shape), self);
        self.storage.bumpVersion();
        if (record) {
            node.backward((g, s) -> new Tensor[] {null, g});
            self.setGradFn(node);
        }
        return self;
    }

    static Tensor fillInPlace(Tensor self, double value) {
        checkInPlace(self, "fill_");
        boolean record = Autograd.needsGrad(self);
        Node node = record ? new Node("fill_", self) : null;
        self.backend().fill(self, value);
        self.storage.bumpVersion();
        if (record) {
            node.backward((g, s) -> new Tensor[] {null});
            self.setGradFn(node);
        }
        return self;
    }

    static Tensor clampInPlace(Tensor self, double lo, double hi) {
        if (Autograd.needsGrad(self)) {
            throw new IllegalStateException("clamp_: in-place clamp is not differentiable here; use clamp() or "
                    + "GradMode.noGrad()");
        }
        checkInPlace(self, "clamp_");
        if (!self.dtype().isFloatingPoint() && (lo != Math.rint(lo) || hi != Math.rint(hi))) {
            throw new IllegalArgumentException("clamp_: result type float32 can't be cast to the desired output type "
                    + self.dtype() + " (bounds " + lo + ", " + hi + ")");
        }
        if (lo > hi) {
            throw new IllegalArgumentException("clamp_: min " + lo + " is greater than max " + hi);
        }
        Tensor lower = ShapeOps.expandRaw(ShapeOps.castRaw(Tensor.wrap(lo), self.dtype()), self.shape);
        Tensor upper = ShapeOps.expandRaw(ShapeOps.castRaw(Tensor.wrap(hi), self.dtype()), self.shape);
        self.backend().binary(BinaryOp.MAXIMUM, self, lower, self);
        self.backend().binary(BinaryOp.MINIMUM, self, upper, self);
        self.storage.bumpVersion();
        return self;
    }
}
