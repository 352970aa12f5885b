package alf.environments.box2d;

import alf.environments.wrappers.TimeLimit;
import alf.tensor.Rng;

/**
 * Gymnasium's hand-written walking gait ({@code BipedalWalkerHeuristics} in bipedal_walker.py), for behavioural checks
 * of the {@link BipedalWalker} port. A three-phase state machine alternates the legs: stand on the supporting leg while
 * the moving leg swings forward (hip to 1.1, knee to −0.6), put the moving leg down once the supporting hip is behind
 * (hip angle below 0.1), then push off with the supporting knee until it is straight (knee observation above 0.88) or
 * the walker is fast enough, and swap the legs. Each joint follows its target with a PD law (hip: 0.9·error −
 * 0.25·speed; knee: 4·error − 0.25·speed); both hips also level the hull (0.9·angle + 1.5·angular velocity term) and
 * both knees damp vertical bouncing (−15·vy). The action is clip(0.5·todo, −1, 1). One instance drives one episode.
 */
public final class BipedalWalkerHeuristic {

    private enum Phase { STAY_ON_ONE_LEG, PUT_OTHER_DOWN, PUSH_OFF }

    /** Target forward speed (observation 2); faster makes the gait fall forward. */
    private static final double SPEED = 0.29;
    /** Knee target of a straight supporting leg. */
    private static final double SUPPORT_KNEE_ANGLE = 0.1;

    private Phase phase = Phase.STAY_ON_ONE_LEG;
    private int movingLeg = 0;
    private int supportingLeg = 1;
    private double supportingKneeAngle = SUPPORT_KNEE_ANGLE;

    /**
     * The action {hip 1, knee 1, hip 2, knee 2} for observation {@code s} (as {@link BipedalWalker} writes it),
     * advancing the gait's phase.
     */
    public double[] action(double[] s) {
        int movingBase = 4 + 5 * movingLeg;
        int supportingBase = 4 + 5 * supportingLeg;
        // NaN = no target; as in the reference (where a target is tested for truth), a zero target also means none
        double[] hipTarget = {Double.NaN, Double.NaN};
        double[] kneeTarget = {Double.NaN, Double.NaN};
        if (phase == Phase.STAY_ON_ONE_LEG) {
            hipTarget[movingLeg] = 1.1;
            kneeTarget[movingLeg] = -0.6;
            supportingKneeAngle += s[2] > SPEED ? 0.06 : 0.03;
            supportingKneeAngle = Math.min(supportingKneeAngle, SUPPORT_KNEE_ANGLE);
            kneeTarget[supportingLeg] = supportingKneeAngle;
            if (s[supportingBase] < 0.10) { // the supporting leg is behind the hull
                phase = Phase.PUT_OTHER_DOWN;
            }
        }
        if (phase == Phase.PUT_OTHER_DOWN) {
            hipTarget[movingLeg] = 0.1;
            kneeTarget[movingLeg] = SUPPORT_KNEE_ANGLE;
            kneeTarget[supportingLeg] = supportingKneeAngle;
            if (s[movingBase + 4] != 0) { // the moving leg touched the ground
                phase = Phase.PUSH_OFF;
                supportingKneeAngle = Math.min(s[movingBase + 2], SUPPORT_KNEE_ANGLE);
            }
        }
        if (phase == Phase.PUSH_OFF) {
            kneeTarget[movingLeg] = supportingKneeAngle;
            kneeTarget[supportingLeg] = 1.0;
            if (s[supportingBase + 2] > 0.88 || s[2] > 1.2 * SPEED) {
                phase = Phase.STAY_ON_ONE_LEG;
                movingLeg = 1 - movingLeg;
                supportingLeg = 1 - movingLeg;
            }
        }
        double[] action = new double[4];
        for (int leg = 0; leg < 2; leg++) {
            int base = 4 + 5 * leg;
            double hip = hasTarget(hipTarget[leg]) ? 0.9 * (hipTarget[leg] - s[base]) - 0.25 * s[base + 1] : 0;
            double knee = hasTarget(kneeTarget[leg]) ? 4.0 * (kneeTarget[leg] - s[base + 2]) - 0.25 * s[base + 3] : 0;
            hip -= 0.9 * (0 - s[0]) - 1.5 * s[1]; // keep the hull level
            knee -= 15.0 * s[3]; // damp vertical oscillation
            action[2 * leg] = Math.max(-1, Math.min(1, 0.5 * hip));
            action[2 * leg + 1] = Math.max(-1, Math.min(1, 0.5 * knee));
        }
        return action;
    }

    private static boolean hasTarget(double target) {
        return !Double.isNaN(target) && target != 0;
    }

    /** Return and distance of one walked episode. */
    public record Episode(double totalReward, double distance, int steps, boolean fell) {
    }

    /**
     * Walks one registered episode (time limit 1600) reset from {@code new Rng(seed)}, as the reference's demo does:
     * a zero action first, then the heuristic's; the distance is the hull's x displacement since the reset.
     */
    public static Episode walk(long seed) {
        BipedalWalker walker = new BipedalWalker();
        TimeLimit env = new TimeLimit(walker, BipedalWalker.MAX_EPISODE_STEPS);
        env.reset(new Rng(seed));
        double startX = walker.hullX();
        BipedalWalkerHeuristic gait = new BipedalWalkerHeuristic();
        double[] s = new double[24];
        double[] action = new double[4];
        double total = 0;
        int steps = 0;
        do {
            env.step(action);
            total += env.reward();
            steps++;
            env.observe(s, 0);
            action = gait.action(s);
        } while (!env.terminated() && !env.truncated());
        return new Episode(total, walker.hullX() - startX, steps, walker.fell());
    }

    /** Prints return and distance of {@code args[0]} (default 20) seeded episodes, and their means. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double sumReturn = 0;
        double sumDistance = 0;
        int falls = 0;
        for (int seed = 0; seed < n; seed++) {
            Episode e = walk(seed);
            System.out.printf("seed %d: return %.1f, distance %.1f, steps %d%s%n", seed, e.totalReward(),
                    e.distance(), e.steps(), e.fell() ? ", fell" : "");
            sumReturn += e.totalReward();
            sumDistance += e.distance();
            falls += e.fell() ? 1 : 0;
        }
        System.out.printf("mean return %.1f, mean distance %.1f, falls %d of %d%n", sumReturn / n, sumDistance / n,
                falls, n);
    }
}
