"""Independent reference for MountainCarContinuousTest: one MountainCarContinuous-v0 step written the way
Gymnasium 1.4.0 writes it, evaluated by NumPy >= 2 (NEP 50 promotion: float32 scalar op Python float stays
float32). Run with python3 and numpy 2.x; prints one Java row per case:
{position, velocity, action, expected position, expected velocity, expected reward, terminated (1/0)}.
The cases cover clipped actions, both speed clips, both position clips, the left wall, the goal, and
states where an all-double port rounds differently."""
import math

import numpy as np


def step(position, velocity, a):
    pos, vel = np.float32(position), np.float32(velocity)
    action = np.array([a], dtype=np.float64)
    force = min(max(action[0], -1.0), 1.0)
    vel = vel + (force * 0.0015 - 0.0025 * math.cos(3 * pos))
    if vel > 0.07:
        vel = 0.07
    if vel < -0.07:
        vel = -0.07
    pos = pos + vel
    if pos > 0.6:
        pos = 0.6
    if pos < -1.2:
        pos = -1.2
    if pos == -1.2 and vel < 0:
        vel = 0
    terminated = bool(pos >= 0.45 and vel >= 0)
    reward = 100.0 if terminated else 0.0
    reward -= math.pow(action[0], 2) * 0.1
    new_state = np.array([pos, vel], dtype=np.float32)
    return float(new_state[0]), float(new_state[1]), reward, terminated


CASES = [
    (-0.5, 0.0, 1.7), (-0.3, -0.069, -3.0), (0.44, 0.069, 0.9), (-1.19, -0.06, 0.5), (0.5, 0.0695, 0.8),
    (0.5, 0.0695, 1.5), (0.59, 0.05, 2.0), (0.3, 0.0695, 1.5), (-0.52, 0.0013, -1.0),
    (-0.3125585615634918, 0.02473650872707367, -1.8888077661585532),
    (0.2397831529378891, 0.0009895394323393703, 2.012770002843142),
    (-0.6708965301513672, -0.007910997606813908, 1.52287710895603),
    (-1.171455979347229, 0.008611333556473255, -0.07440333869715943),
    (-0.8544523119926453, -0.004152616485953331, 0.8562860024256447),
]

if __name__ == "__main__":
    for p, v, a in CASES:
        p32, v32 = float(np.float32(p)), float(np.float32(v))
        np_, nv, r, t = step(p32, v32, a)
        print("{%r, %r, %r, %r, %r, %r, %d}," % (p32, v32, a, np_, nv, r, 1 if t else 0))
