"""Records torch.optim.AdamW trajectories in the format of optim_trajectories.json.

Run from this directory with Debian's python3-torch:  /usr/bin/python3 gen/gen_adamw.py
It reads the objectives (formulas' constants and starting points) from optim_trajectories.json next to it and
writes optim_adamw_trajectories.json with the same run fields, so OptimizerTrajectoryConformanceTest replays both.
"""
import json
import math
import platform

import torch

torch.set_num_threads(1)
STEPS = 50
SHARED = json.load(open("optim_trajectories.json"))
OBJECTIVES = {k: SHARED["objectives"][k] for k in ("rosenbrock", "least_squares")}


def tensor(t, dtype):
    return torch.tensor(t["data"], dtype=dtype).reshape(t["shape"])


def loss_fn(name, p, dtype):
    if name == "rosenbrock":
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
    c = OBJECTIVES[name]["constants"]
    a, b = tensor(c["A"], dtype), tensor(c["B"], dtype)
    return torch.mean((a @ p - b) ** 2)


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def flat(t):
    return [num(v) for v in t.detach().reshape(-1).tolist()]


def as_json(t):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": flat(t)}


def run(name, objective, dtype, hyper):
    p = tensor(OBJECTIVES[objective]["p0"], dtype).clone().requires_grad_(True)
    initial = as_json(p)
    opt = torch.optim.AdamW([p], lr=hyper["lr"], betas=tuple(hyper["betas"]), eps=hyper["eps"],
                            weight_decay=hyper["weight_decay"], amsgrad=hyper["amsgrad"], foreach=False)
    losses, grads, params = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn(objective, p, dtype)
        loss.backward()
        losses.append(num(loss.item()))
        grads.append(flat(p.grad))
        opt.step()
        params.append(flat(p))
    state = {k: (float(v) if k == "step" else as_json(v)) for k, v in opt.state[p].items()}
    return {"name": name, "optimizer": "torch.optim.AdamW", "hyperparameters": hyper,
            "dtype": str(dtype).replace("torch.", ""), "objective": objective, "steps": STEPS,
            "params_initial": initial, "param_shape": list(p.shape), "loss_before_step": losses,
            "grad_before_step": grads, "params_after_step": params, "final_optimizer_state": state}


runs = []
for objective, lr in (("rosenbrock", 1e-3), ("least_squares", 1e-2)):
    for dtype in (torch.float64, torch.float32):
        for name, wd, ams in (("adamw", 1e-2, False), ("adamw_strong_decay", 0.5, False),
                              ("adamw_amsgrad", 1e-2, True)):
            hyper = {"lr": lr, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": wd, "amsgrad": ams}
            runs.append(run(name, objective, dtype, hyper))

out = {
    "description": "torch.optim.AdamW trajectories over 50 steps, fields as in optim_trajectories.json (whose "
                   "objectives this file repeats). Each run starts from params_initial; at step t the loss and "
                   "gradient are evaluated at the current parameters, then the optimizer updates them.",
    "generator": "gen/gen_adamw.py",
    "source": {"python": platform.python_version(), "torch": torch.__version__, "torch_num_threads": 1},
    "tolerance": SHARED["tolerance"],
    "update_rules": {"torch.optim.AdamW": SHARED["update_rules"]["torch.optim.AdamW"]},
    "objectives": OBJECTIVES,
    "runs": runs,
}
with open("optim_adamw_trajectories.json", "w") as f:
    json.dump(out, f, separators=(",", ":"), allow_nan=False)
print(len(runs), "runs written")
