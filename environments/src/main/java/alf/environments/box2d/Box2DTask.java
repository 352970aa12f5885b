package alf.environments.box2d;

import alf.environments.simulator.StatefulSimulator;
import alf.tensor.Rng;
import java.util.Arrays;
import org.jbox2d.collision.shapes.Shape;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;

/**
 * Base of the Box2D tasks: an episode is a JBox2D world built from an episode generator, then stepped with actions.
 * Each reset draws one {@code long} from the caller's generator as the episode seed; every random draw of the
 * episode (terrain, initial push, engine dispersion) comes from {@code new Rng(seed)}. JBox2D is deterministic, so
 * the episode seed plus the actions taken so far determine the world exactly: that pair is the checkpoint state
 * ({@link #state()}), and {@link #setState} rebuilds the world and replays the actions, continuing bit-identically.
 * (A world's full internal state, with its contact caches and warm-start impulses, has no public read-back in
 * JBox2D.) Subclasses build the world ({@link #build}) and advance it one step ({@link #advance}).
 */
public abstract class Box2DTask implements StatefulSimulator {

    /** Box2D steps per second of every task (Gymnasium's FPS). */
    public static final int FPS = 50;
    /** Velocity and position iterations per world step, as Gymnasium's {@code world.Step(1/FPS, 6*30, 2*30)}. */
    static final int VELOCITY_ITERATIONS = 6 * 30;
    static final int POSITION_ITERATIONS = 2 * 30;
    private static final int SEED_CHUNKS = 4;

    /** The observation after the last step, in double precision, written by {@link #advance}. */
    protected final double[] observation;
    /** The reward of the last step, written by {@link #advance}. */
    protected double reward;
    /** Whether the last step reached a terminal state, written by {@link #advance}. */
    protected boolean terminated;

    private long episodeSeed;
    private boolean started;
    private double[] history = new double[256];
    private int historyLength;

    /** A task whose observations have {@code observationSize} components. */
    protected Box2DTask(int observationSize) {
        this.observation = new double[observationSize];
    }

    /** Builds a fresh world for an episode, drawing its random features from {@code episodeRng}. */
    protected abstract void build(Rng episodeRng);

    /** Advances the world by one step with {@code action} (already checked) and computes reward and termination. */
    protected abstract void advance(double[] action);

    @Override
    public final void reset(Rng rng) {
        start(rng.nextLong());
    }

    private void start(long seed) {
        episodeSeed = seed;
        historyLength = 0;
        started = true;
        build(new Rng(seed));
    }

    @Override
    public final void step(double[] action) {
        if (!started) {
            throw new IllegalStateException(name() + ": call reset before step");
        }
        checkAction(action);
        int n = action.length;
        if (historyLength + n > history.length) {
            history = Arrays.copyOf(history, Math.max(2 * history.length, historyLength + n));
        }
        System.arraycopy(action, 0, history, historyLength, n);
        historyLength += n;
        advance(action);
    }

    /**
     * The episode seed (as four 16-bit chunks, exact in doubles) followed by every action taken since the reset;
     * empty before the first reset.
     */
    @Override
    public final double[] state() {
        if (!started) {
            return new double[0];
        }
        double[] out = new double[SEED_CHUNKS + historyLength];
        for (int i = 0; i < SEED_CHUNKS; i++) {
            out[i] = (episodeSeed >>> (16 * i)) & 0xFFFF;
        }
        System.arraycopy(history, 0, out, SEED_CHUNKS, historyLength);
        return out;
    }

    /**
     * Rebuilds the episode of {@code state} (as {@link #state()} wrote it) by replaying its actions; an empty state
     * means no episode has started.
     */
    @Override
    public final void setState(double[] state) {
        int actionSize = actionSpec().numel();
        if (state != null && state.length == 0) {
            started = false; // saved before the first reset
            return;
        }
        if (state == null || state.length < SEED_CHUNKS || (state.length - SEED_CHUNKS) % actionSize != 0) {
            throw new IllegalArgumentException(name() + ": a saved state is 4 seed chunks plus whole actions of "
                    + actionSize + " components, got " + (state == null ? "null" : state.length + " values"));
        }
        long seed = 0;
        for (int i = 0; i < SEED_CHUNKS; i++) {
            double chunk = state[i];
            if (!(chunk >= 0 && chunk <= 0xFFFF && chunk == Math.rint(chunk))) {
                throw new IllegalArgumentException(name() + ": seed chunk " + i + " = " + chunk
                        + " is not an integer in [0, 65535]");
            }
            seed |= ((long) chunk) << (16 * i);
        }
        start(seed);
        double[] action = new double[actionSize];
        for (int offset = SEED_CHUNKS; offset < state.length; offset += actionSize) {
            System.arraycopy(state, offset, action, 0, actionSize);
            step(action);
        }
    }

    /**
     * A dynamic body at (x, y) with one fixture of {@code shape}, no restitution, colliding only with the ground
     * (mask 0x001), as the reference's fixture definitions.
     */
    static Body dynamicBody(World world, double x, double y, double angle, Shape shape, double density,
                            double friction, int category) {
        BodyDef def = new BodyDef();
        def.type = BodyType.DYNAMIC;
        def.position.set((float) x, (float) y);
        def.angle = (float) angle;
        Body body = world.createBody(def);
        FixtureDef fd = new FixtureDef();
        fd.shape = shape;
        fd.density = (float) density;
        fd.friction = (float) friction; // 0.2 (Box2D's default) for the legs, which the reference leaves unset
        fd.restitution = 0f;
        fd.filter.categoryBits = category;
        fd.filter.maskBits = 0x001;
        body.createFixture(fd);
        return body;
    }

    @Override
    public final double reward() {
        return reward;
    }

    @Override
    public final boolean terminated() {
        return terminated;
    }

    @Override
    public final void observe(double[] out, int offset) {
        System.arraycopy(observation, 0, out, offset, observation.length);
    }

    /** A draw from U[low, high), as Gymnasium's {@code np_random.uniform(low, high)}. */
    static double uniform(Rng rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /** An integer from [low, high), as Gymnasium's {@code np_random.integers(low, high)}. */
    static int integer(Rng rng, int low, int high) {
        return low + (int) rng.nextLong(high - low);
    }
}
