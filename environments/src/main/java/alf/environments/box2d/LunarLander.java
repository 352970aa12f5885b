package alf.environments.box2d;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.ActionChecks;
import alf.tensor.DType;
import alf.tensor.Rng;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium's {@code LunarLander-v3} (discrete: 0 noop, 1 left engine, 2 main engine, 3 right engine) and
 * {@code LunarLanderContinuous-v3} (two throttles in [-1, 1]: main, lateral) on JBox2D, following
 * gymnasium/envs/box2d/lunar_lander.py without wind. Observation (8, float32): x, y, vx, vy, angle, angular velocity
 * in the reference's scaled units, then leg 1 and leg 2 ground contact; bounds ±2.5, ±2.5, ±10, ±10, ±2π, ±10, [0, 1],
 * [0, 1].
 *
 * <p>Reward (per step): shaping Δ with shaping = −100·√(x² + y²) − 100·√(vx² + vy²) − 100·|angle| + 10·leg1 + 10·leg2
 * ({@link #shaping}), minus 0.3 × main-engine power and 0.03 × side-engine power. The episode terminates with reward
 * −100 when the lander body touches the ground or |x| ≥ 1, and with +100 when the lander comes to rest (its body falls
 * asleep) ({@link #terminalReward}). Reset builds 11-chunk random terrain with a flat helipad, pushes the lander with a
 * random force in [−1000, 1000]², and takes one no-op step, as the reference. Engine impulses are applied at a point
 * dispersed by two U(−1, 1)/SCALE draws per step. JBox2D is not the reference's Box2D build, so trajectories agree
 * with Gymnasium in law, not step for step.
 */
public final class LunarLander extends Box2DTask {

    /** Registry id of the discrete task. */
    public static final String DISCRETE_ID = "LunarLander-v3";
    /** Registry id of the continuous task. */
    public static final String CONTINUOUS_ID = "LunarLanderContinuous-v3";
    /** Registered time limit. */
    public static final int MAX_EPISODE_STEPS = 1000;

    static final double SCALE = 30.0;
    static final double MAIN_ENGINE_POWER = 13.0;
    static final double SIDE_ENGINE_POWER = 0.6;
    static final double INITIAL_RANDOM = 1000.0;
    static final double GRAVITY = -10.0;
    private static final double[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
    private static final double LEG_AWAY = 20;
    private static final double LEG_DOWN = 18;
    private static final double LEG_W = 2;
    private static final double LEG_H = 8;
    private static final double LEG_SPRING_TORQUE = 40;
    private static final double SIDE_ENGINE_HEIGHT = 14;
    private static final double SIDE_ENGINE_AWAY = 12;
    private static final double MAIN_ENGINE_Y_LOCATION = 4;
    static final double VIEWPORT_W = 600;
    static final double VIEWPORT_H = 400;
    private static final int CHUNKS = 11;

    private static final BoundedTensorSpec OBSERVATION_SPEC = new BoundedTensorSpec(new int[] {8}, DType.FLOAT32,
            "observation", new double[] {-2.5, -2.5, -10, -10, -2 * Math.PI, -10, 0, 0},
            new double[] {2.5, 2.5, 10, 10, 2 * Math.PI, 10, 1, 1});
    private static final BoundedTensorSpec CONTINUOUS_ACTION =
            BoundedTensorSpec.uniform(new int[] {2}, DType.FLOAT32, "action", -1, 1);
    private static final BoundedTensorSpec DISCRETE_ACTION =
            BoundedTensorSpec.uniform(new int[] {}, DType.INT64, "action", 0, 3);

    private final boolean continuous;
    private World world;
    private Body lander;
    private final Body[] legs = new Body[2];
    private GroundContacts contacts;
    private double helipadY;
    private Rng episodeRng;
    /** The shaping potential after the previous step (a primitive, so a step boxes nothing); see hasPrevShaping. */
    private double prevShaping;
    /** False right after a reset, when no step has set prevShaping yet. */
    private boolean hasPrevShaping;

    /** The discrete ({@code continuous = false}) or continuous task. */
    public LunarLander(boolean continuous) {
        super(8);
        this.continuous = continuous;
    }

    @Override
    public String name() {
        return continuous ? CONTINUOUS_ID : DISCRETE_ID;
    }

    @Override
    public BoundedTensorSpec observationSpec() {
        return OBSERVATION_SPEC;
    }

    @Override
    public BoundedTensorSpec actionSpec() {
        return continuous ? CONTINUOUS_ACTION : DISCRETE_ACTION;
    }

    @Override
    public void checkAction(double[] action) {
        if (continuous) {
            ActionChecks.requireFiniteVector(name(), action, 2);
        } else {
            ActionChecks.requireDiscrete(name(), action, 4);
        }
    }

    @Override
    protected void build(Rng rng) {
        episodeRng = rng;
        world = new World(new Vec2(0f, (float) GRAVITY));
        hasPrevShaping = false;
        double w = VIEWPORT_W / SCALE;
        double h = VIEWPORT_H / SCALE;
        double[] height = new double[CHUNKS + 1];
        for (int i = 0; i <= CHUNKS; i++) {
            height[i] = uniform(rng, 0, h / 2);
        }
        double[] chunkX = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            chunkX[i] = w / (CHUNKS - 1) * i;
        }
        helipadY = h / 4;
        for (int i = CHUNKS / 2 - 2; i <= CHUNKS / 2 + 2; i++) {
            height[i] = helipadY;
        }
        double[] smoothY = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            // Python's height[i - 1] at i = 0 is height[-1], the last element
            smoothY[i] = 0.33 * (height[i == 0 ? CHUNKS : i - 1] + height[i] + height[i + 1]);
        }
        Body moon = world.createBody(new BodyDef());
        EdgeShape bottom = new EdgeShape();
        bottom.set(new Vec2(0f, 0f), new Vec2((float) w, 0f));
        moon.createFixture(bottom, 0f);
        for (int i = 0; i < CHUNKS - 1; i++) {
            EdgeShape edge = new EdgeShape();
            edge.set(new Vec2((float) chunkX[i], (float) smoothY[i]),
                    new Vec2((float) chunkX[i + 1], (float) smoothY[i + 1]));
            FixtureDef fd = new FixtureDef();
            fd.shape = edge;
            fd.density = 0f;
            fd.friction = 0.1f;
            moon.createFixture(fd);
        }
        double initialX = VIEWPORT_W / SCALE / 2;
        double initialY = VIEWPORT_H / SCALE;
        Vec2[] vertices = new Vec2[LANDER_POLY.length];
        for (int i = 0; i < vertices.length; i++) {
            vertices[i] = new Vec2((float) (LANDER_POLY[i][0] / SCALE), (float) (LANDER_POLY[i][1] / SCALE));
        }
        PolygonShape body = new PolygonShape();
        body.set(vertices, vertices.length);
        lander = dynamicBody(world, initialX, initialY, 0.0, body, 5.0, 0.1, 0x0010);
        lander.applyForceToCenter(new Vec2((float) uniform(rng, -INITIAL_RANDOM, INITIAL_RANDOM),
                (float) uniform(rng, -INITIAL_RANDOM, INITIAL_RANDOM)));
        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : 1;
            PolygonShape box = new PolygonShape();
            box.setAsBox((float) (LEG_W / SCALE), (float) (LEG_H / SCALE));
            Body leg = dynamicBody(world, initialX - i * LEG_AWAY / SCALE, initialY, i * 0.05, box, 1.0, 0.2, 0x0020);
            RevoluteJointDef rjd = new RevoluteJointDef();
            rjd.bodyA = lander;
            rjd.bodyB = leg;
            rjd.localAnchorA.set(0f, 0f);
            rjd.localAnchorB.set((float) (i * LEG_AWAY / SCALE), (float) (LEG_DOWN / SCALE));
            rjd.enableMotor = true;
            rjd.enableLimit = true;
            rjd.maxMotorTorque = (float) LEG_SPRING_TORQUE;
            rjd.motorSpeed = (float) (0.3 * i);
            rjd.lowerAngle = (float) (i == -1 ? 0.9 - 0.5 : -0.9);
            rjd.upperAngle = (float) (i == -1 ? 0.9 : -0.9 + 0.5);
            world.createJoint(rjd);
            legs[k] = leg;
        }
        contacts = new GroundContacts(lander, legs[0], legs[1]);
        world.setContactListener(contacts);
        advance(continuous ? new double[] {0, 0} : new double[] {0});
    }

    @Override
    protected void advance(double[] action) {
        double angle = lander.getAngle();
        double tip0 = Math.sin(angle);
        double tip1 = Math.cos(angle);
        double side0 = -tip1;
        double side1 = tip0;
        double dispersion0 = uniform(episodeRng, -1.0, 1.0) / SCALE;
        double dispersion1 = uniform(episodeRng, -1.0, 1.0) / SCALE;
        double mPower = mainPower(action);
        if (mPower > 0) {
            double ox = tip0 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) + side0 * dispersion1;
            double oy = -tip1 * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) - side1 * dispersion1;
            Vec2 pos = lander.getPosition();
            lander.applyLinearImpulse(new Vec2((float) (-ox * MAIN_ENGINE_POWER * mPower),
                    (float) (-oy * MAIN_ENGINE_POWER * mPower)), new Vec2((float) (pos.x + ox), (float) (pos.y + oy)));
        }
        double sPower = sidePower(action);
        if (sPower > 0) {
            double direction = continuous ? Math.signum(action[0 + 1]) : action[0] - 2;
            double ox = tip0 * dispersion0 + side0 * (3 * dispersion1 + direction * SIDE_ENGINE_AWAY / SCALE);
            double oy = -tip1 * dispersion0 - side1 * (3 * dispersion1 + direction * SIDE_ENGINE_AWAY / SCALE);
            Vec2 pos = lander.getPosition();
            Vec2 at = new Vec2((float) (pos.x + ox - tip0 * 17 / SCALE),
                    (float) (pos.y + oy + tip1 * SIDE_ENGINE_HEIGHT / SCALE));
            lander.applyLinearImpulse(new Vec2((float) (-ox * SIDE_ENGINE_POWER * sPower),
                    (float) (-oy * SIDE_ENGINE_POWER * sPower)), at);
        }
        world.step(1.0f / FPS, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
        Vec2 pos = lander.getPosition();
        Vec2 vel = lander.getLinearVelocity();
        observation[0] = (pos.x - VIEWPORT_W / SCALE / 2) / (VIEWPORT_W / SCALE / 2);
        observation[1] = (pos.y - (helipadY + LEG_DOWN / SCALE)) / (VIEWPORT_H / SCALE / 2);
        observation[2] = vel.x * (VIEWPORT_W / SCALE / 2) / FPS;
        observation[3] = vel.y * (VIEWPORT_H / SCALE / 2) / FPS;
        observation[4] = lander.getAngle();
        observation[5] = 20.0 * lander.getAngularVelocity() / FPS;
        observation[6] = contacts.touching(0) ? 1.0 : 0.0;
        observation[7] = contacts.touching(1) ? 1.0 : 0.0;
        double shaping = shaping(observation);
        reward = hasPrevShaping ? shaping - prevShaping : 0.0;
        prevShaping = shaping;
        hasPrevShaping = true;
        reward -= mPower * 0.30;
        reward -= sPower * 0.03;
        double terminal = terminalReward(contacts.crashed(), observation[0], lander.isAwake());
        terminated = !Double.isNaN(terminal);
        if (terminated) {
            reward = terminal;
        }
    }

    /** Main-engine power: continuous 0 when main ≤ 0, else (clip(main, 0, 1) + 1)/2 ∈ [0.5, 1]; discrete 1 for action 2. */
    double mainPower(double[] action) {
        if (continuous) {
            double main = Math.min(Math.max(action[0], -1), 1);
            return main > 0 ? (Math.min(main, 1.0) + 1.0) * 0.5 : 0.0;
        }
        return action[0] == 2 ? 1.0 : 0.0;
    }

    /** Side-engine power: continuous clip(|lateral|, 0.5, 1) when |lateral| > 0.5, else 0; discrete 1 for 1 and 3. */
    double sidePower(double[] action) {
        if (continuous) {
            double lateral = Math.abs(Math.min(Math.max(action[1], -1), 1));
            return lateral > 0.5 ? Math.min(Math.max(lateral, 0.5), 1.0) : 0.0;
        }
        return action[0] == 1 || action[0] == 3 ? 1.0 : 0.0;
    }

    /** The reference's shaping potential of an observation (the per-step reward is its change, less fuel). */
    static double shaping(double[] s) {
        return -100 * Math.sqrt(s[0] * s[0] + s[1] * s[1]) - 100 * Math.sqrt(s[2] * s[2] + s[3] * s[3])
                - 100 * Math.abs(s[4]) + 10 * s[6] + 10 * s[7];
    }

    /**
     * The terminal reward: −100 after a crash (lander body touched the ground) or when |x| ≥ 1, +100 when the lander
     * is at rest (asleep); NaN when the episode goes on. A crash that also comes to rest counts as a rest, as in the
     * reference, whose second test overrides the first.
     */
    static double terminalReward(boolean crashed, double x, boolean awake) {
        if (!awake) {
            return 100.0;
        }
        if (crashed || Math.abs(x) >= 1.0) {
            return -100.0;
        }
        return Double.NaN;
    }
}
