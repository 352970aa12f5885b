package alf.environments.box2d;

import alf.environments.wrappers.TimeLimit;
import alf.tensor.Rng;

/**
 * Gymnasium's hand-written lander controller ({@code heuristic} in lunar_lander.py), for behavioural checks: steer
 * the angle toward the pad (target angle 0.5·x + vx, clipped to ±0.4) and hover at a height proportional to |x|;
 * after touchdown only brake the fall. {@link #episodeReturn} plays one registered episode with it.
 */
public final class LunarLanderHeuristic {

    private LunarLanderHeuristic() {
    }

    /** The controller's action for observation {@code s}: {main, lateral} throttles, or {action index}. */
    public static double[] action(double[] s, boolean continuous) {
        double angleTarget = Math.max(-0.4, Math.min(0.4, s[0] * 0.5 + s[2] * 1.0));
        double hoverTarget = 0.55 * Math.abs(s[0]);
        double angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5;
        if (s[6] != 0 || s[7] != 0) {
            angleTodo = 0;
            hoverTodo = -s[3] * 0.5;
        }
        if (continuous) {
            return new double[] {Math.max(-1, Math.min(1, hoverTodo * 20 - 1)),
                Math.max(-1, Math.min(1, -angleTodo * 20))};
        }
        int a = 0;
        if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) {
            a = 2;
        } else if (angleTodo < -0.05) {
            a = 3;
        } else if (angleTodo > 0.05) {
            a = 1;
        }
        return new double[] {a};
    }

    /** The undiscounted return of one registered episode (time limit 1000) reset from {@code new Rng(seed)}. */
    public static double episodeReturn(boolean continuous, long seed) {
        TimeLimit env = new TimeLimit(new LunarLander(continuous), LunarLander.MAX_EPISODE_STEPS);
        env.reset(new Rng(seed));
        double[] s = new double[8];
        double total = 0;
        do {
            env.observe(s, 0);
            env.step(action(s, continuous));
            total += env.reward();
        } while (!env.terminated() && !env.truncated());
        return total;
    }
}
