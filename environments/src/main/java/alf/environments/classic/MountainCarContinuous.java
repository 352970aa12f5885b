package alf.environments.classic;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.ActionChecks;
import alf.environments.simulator.StatefulSimulator;
import alf.tensor.DType;
import alf.tensor.Rng;

/**
 * Port of Gymnasium 1.4.0 {@code MountainCarContinuous-v0} (classic_control/continuous_mountain_car.py):
 * drive an under-powered car up the right hill. The state (position, velocity) is float32 as in the
 * reference; the action is a force in [-1, 1] (clipped for the dynamics, unclipped in the action penalty);
 * reaching position ≥ 0.45 with velocity ≥ 0 terminates with a +100 bonus; the registry adds a 999-step
 * time limit.
 *
 * <p>The reference runs on NumPy ≥ 2, whose NEP 50 promotion makes some intermediates float32 and
 * others float64 depending on the branch taken. This port reproduces that arithmetic exactly, following
 * the conformance file's {@code step_semantics}: every intermediate carries a {@link Kind}, and
 * "float32 op Python float" is evaluated in float32 (the Python constant first rounded to float32),
 * comparisons included, while "float32 op float64" is evaluated in double:
 * <ol>
 *   <li>force = min(max(a, -1), 1): the float64 action itself if -1 ≤ a ≤ 1, else the Python constant ±1;</li>
 *   <li>c = float32(3·p);  dv = force·0.0015 − 0.0025·cos(c) in double;</li>
 *   <li>v' = v + dv (double if force is the float64 action, else the float32 sum v + float32(dv));</li>
 *   <li>v' clipped to ±0.07 (a Python constant), p' = p + v' (double if v' is float64, else float32);</li>
 *   <li>p' clipped to [-1.2, 0.6]; if p' == -1.2 and v' &lt; 0 then v' = 0;</li>
 *   <li>terminated = p' ≥ 0.45 and v' ≥ 0 (before rounding); reward = 100·terminated − 0.1·a²;</li>
 *   <li>state = float32(p', v').</li>
 * </ol>
 * Reset draws position ~ U(-0.6, -0.4) (stored as float32) and velocity 0.
 */
public final class MountainCarContinuous implements StatefulSimulator {

    /** Gymnasium registry id. */
    public static final String ID = "MountainCarContinuous-v0";
    /** Time limit of the registered task. */
    public static final int MAX_EPISODE_STEPS = 999;
    /** Left wall. */
    public static final double MIN_POSITION = -1.2;
    /** Right bound of the position. */
    public static final double MAX_POSITION = 0.6;
    /** Speed bound. */
    public static final double MAX_SPEED = 0.07;
    /** Position to reach. */
    public static final double GOAL_POSITION = 0.45;
    /** Force multiplier. */
    public static final double POWER = 0.0015;

    private static final BoundedTensorSpec OBSERVATION_SPEC = new BoundedTensorSpec(new int[] {2}, DType.FLOAT32,
            "observation", new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new double[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private static final BoundedTensorSpec ACTION_SPEC =
            BoundedTensorSpec.uniform(new int[] {1}, DType.FLOAT32, "action", -1.0, 1.0);

    /**
     * NumPy-2 kind of an intermediate: a NumPy float32 scalar, a NumPy float64 scalar, or a plain Python
     * float/int (which adapts to the other operand's precision).
     */
    private enum Kind { F32, F64, PY }

    private float position;
    private float velocity;
    private double reward;
    private boolean terminated;

    @Override
    public String name() {
        return ID;
    }

    @Override
    public BoundedTensorSpec observationSpec() {
        return OBSERVATION_SPEC;
    }

    @Override
    public BoundedTensorSpec actionSpec() {
        return ACTION_SPEC;
    }

    @Override
    public void checkAction(double[] action) {
        ActionChecks.requireFiniteVector(ID, action, 1);
    }

    @Override
    public void reset(Rng rng) {
        position = (float) Uniform.sample(rng, -0.6, -0.4);
        velocity = 0.0f;
        reward = 0.0;
        terminated = false;
    }

    @Override
    public void step(double[] action) {
        checkAction(action);
        double a = action[0];
        final float p = position;
        final float v = velocity;

        // (1) force: the float64 action itself when inside [-1, 1], else a Python constant.
        boolean forceIsF64 = a >= -1.0 && a <= 1.0;
        double force = forceIsF64 ? a : (a < -1.0 ? -1.0 : 1.0);

        // (2) float32 * int stays float32; (3) math.cos returns a Python float; dv is double.
        float c = 3.0f * p;
        double dv = force * POWER - 0.0025 * StrictMath.cos(c);

        // (4) velocity += dv
        double vel;
        Kind velKind;
        if (forceIsF64) {
            vel = (double) v + dv;
            velKind = Kind.F64;
        } else {
            vel = v + (float) dv;
            velKind = Kind.F32;
        }

        // (5) speed clip against the Python constant 0.07
        if (greater(vel, velKind, MAX_SPEED)) {
            vel = MAX_SPEED;
            velKind = Kind.PY;
        }
        if (less(vel, velKind, -MAX_SPEED)) {
            vel = -MAX_SPEED;
            velKind = Kind.PY;
        }

        // (6) position += velocity, with p a float32 scalar
        double pos;
        Kind posKind;
        if (velKind == Kind.F64) {
            pos = (double) p + vel;
            posKind = Kind.F64;
        } else {
            pos = p + (float) vel;
            posKind = Kind.F32;
        }

        // (7) position clip and the inelastic left wall
        if (greater(pos, posKind, MAX_POSITION)) {
            pos = MAX_POSITION;
            posKind = Kind.PY;
        }
        if (less(pos, posKind, MIN_POSITION)) {
            pos = MIN_POSITION;
            posKind = Kind.PY;
        }
        if (equal(pos, posKind, MIN_POSITION) && vel < 0) {
            vel = 0.0;
        }

        // (8) termination before rounding; (9) reward with the unclipped action
        terminated = !less(pos, posKind, GOAL_POSITION) && vel >= 0;
        reward = (terminated ? 100.0 : 0.0) - a * a * 0.1;

        // (10) the stored state is float32 (round to nearest even)
        position = (float) pos;
        velocity = (float) vel;
    }

    /** x &gt; c for a Python constant c: in float32 when x is a NumPy float32, else in double. */
    private static boolean greater(double x, Kind kind, double c) {
        return kind == Kind.F32 ? (float) x > (float) c : x > c;
    }

    /** x &lt; c for a Python constant c, with the same precision rule as {@link #greater}. */
    private static boolean less(double x, Kind kind, double c) {
        return kind == Kind.F32 ? (float) x < (float) c : x < c;
    }

    /** x == c for a Python constant c, with the same precision rule as {@link #greater}. */
    private static boolean equal(double x, Kind kind, double c) {
        return kind == Kind.F32 ? (float) x == (float) c : x == c;
    }

    @Override
    public double reward() {
        return reward;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observe(double[] out, int offset) {
        out[offset] = position;
        out[offset + 1] = velocity;
    }

    /** The float32 state (position, velocity), widened exactly. */
    @Override
    public double[] state() {
        return new double[] {position, velocity};
    }

    /** Replaces the state; each component is rounded to float32, as the reference stores it. */
    @Override
    public void setState(double[] state) {
        StateChecks.requireFinite(ID, state, 2);
        position = (float) state[0];
        velocity = (float) state[1];
        terminated = false;
    }
}
