#!/usr/bin/env python3
"""Times one SAC update in PyTorch eager, the same update SacUpdateBenchmark times for ALF for Java.

The update mirrors alf.algorithms.sac.SacAlgorithm (continuous actions) with configs/sac_pendulum.conf's settings:
  * sample 256 transitions uniformly from a replay buffer of 10,000 (index draw + gather);
  * actor: MLP obs -> 256 -> 256 (ReLU), NormalProjection (a mean and a state-dependent std layer, std =
    exp(clamp(pre, -10, 2))), Independent Normal squashed by tanh and scaled onto the action bounds;
  * twin critics MLP (obs ++ act) -> 256 -> 256 -> 1 (ReLU) with Polyak-averaged target copies;
  * critic loss  sum_i 0.5 * mean((Q_i(s, a) - y)^2),
    y = r + gamma * d * (min_j Qbar_j(s', a') - alpha * log pi(a'|s')), a' ~ pi(.|s'), no gradient through y;
  * actor loss   mean(alpha * log pi(a~|s) - sum(dQ/da~ * a~)), dQ/da~ from torch.autograd.grad of
    sum(min_i Q_i(s, a~.detach())) (ALF's dqda trick: the actor loss never reaches the critics);
  * alpha loss   log_alpha * mean(-log pi(a~|s) - H), H = -|A|;
  * one backward of the summed loss, one Adam (lr 3e-4, PyTorch rule) with three parameter groups (actor, critics,
    log alpha), then target <- (1 - tau) * target + tau * online with tau = 0.005.
The metrics ALF reads back each update (alpha and the entropy) are read here too.

Usage: sac_update.py --threads N --obs 3 --act 1 [--iters 200 --warmup 30 --repeats 5]
Prints one line: "pytorch obs=3 act=1 threads=N ms_per_update=<median of repeats> ms_all=<each repeat>".
"""
import argparse
import statistics
import time

import torch
from torch import nn
from torch.distributions import AffineTransform, Independent, Normal, TanhTransform, TransformedDistribution

BATCH = 256
HIDDEN = 256
CAPACITY = 10_000


def mlp(inputs, outputs):
    layers = [nn.Linear(inputs, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU()]
    if outputs:
        layers.append(nn.Linear(HIDDEN, outputs))
    return nn.Sequential(*layers)


class Actor(nn.Module):
    def __init__(self, obs, act, low, high):
        super().__init__()
        self.encoder = mlp(obs, 0)
        self.mean = nn.Linear(HIDDEN, act)
        self.std = nn.Linear(HIDDEN, act)
        self.loc = torch.full((act,), (high + low) / 2)
        self.scale = torch.full((act,), (high - low) / 2)

    def distribution(self, obs):
        h = self.encoder(obs)
        base = Independent(Normal(self.mean(h), self.std(h).clamp(-10.0, 2.0).exp()), 1)
        return TransformedDistribution(base, [TanhTransform(cache_size=1), AffineTransform(self.loc, self.scale)])


class Critic(nn.Module):
    def __init__(self, obs, act):
        super().__init__()
        self.mlp = mlp(obs + act, 1)

    def forward(self, obs, action):
        return self.mlp(torch.cat([obs, action], 1)).squeeze(1)


class Sac:
    def __init__(self, obs, act, gamma=0.99, tau=0.005):
        self.actor = Actor(obs, act, -2.0, 2.0)
        self.critics = nn.ModuleList([Critic(obs, act) for _ in range(2)])
        self.targets = nn.ModuleList([Critic(obs, act) for _ in range(2)])
        self.targets.load_state_dict(self.critics.state_dict())
        for p in self.targets.parameters():
            p.requires_grad_(False)
        self.log_alpha = nn.Parameter(torch.zeros(()))
        self.optimizer = torch.optim.Adam([
            {"params": list(self.actor.parameters())},
            {"params": list(self.critics.parameters())},
            {"params": [self.log_alpha]}], lr=3e-4, betas=(0.9, 0.999), eps=1e-8, foreach=False)
        self.online = list(self.critics.parameters())
        self.target_params = list(self.targets.parameters())
        self.gamma = gamma
        self.tau = tau
        self.target_entropy = -float(act)

    @staticmethod
    def min_q(nets, obs, action):
        q = None
        for c in nets:
            qi = c(obs, action)
            q = qi if q is None else torch.minimum(q, qi)
        return q

    def update(self, obs, action, reward, discount, next_obs):
        alpha = self.log_alpha.exp().item()
        with torch.no_grad():
            next_pi = self.actor.distribution(next_obs)
            next_action = next_pi.rsample()
            next_log_pi = next_pi.log_prob(next_action)
            soft_value = self.min_q(self.targets, next_obs, next_action) - next_log_pi * alpha
            target = reward + discount * soft_value * self.gamma
        critic_loss = sum(0.5 * ((c(obs, action) - target) ** 2).mean() for c in self.critics)

        pi = self.actor.distribution(obs)
        new_action = pi.rsample()
        log_pi = pi.log_prob(new_action)
        probe = new_action.detach().requires_grad_(True)
        dqda, = torch.autograd.grad(self.min_q(self.critics, obs, probe).sum(), probe)
        actor_loss = (log_pi * alpha - (dqda * new_action).sum(1)).mean()
        neg_log_pi = -log_pi.detach()
        alpha_loss = self.log_alpha * (neg_log_pi - self.target_entropy).mean()

        self.optimizer.zero_grad(set_to_none=False)
        (critic_loss + actor_loss + alpha_loss).backward()
        self.optimizer.step()
        with torch.no_grad():
            for t, o in zip(self.target_params, self.online):
                t.mul_(1 - self.tau).add_(o * self.tau)
        return alpha, neg_log_pi.mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--obs", type=int, default=3)
    parser.add_argument("--act", type=int, default=1)
    parser.add_argument("--iters", type=int, default=200, help="updates per timed repeat")
    parser.add_argument("--warmup", type=int, default=30, help="untimed updates first")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    sac = Sac(args.obs, args.act)
    buffer = (torch.randn(CAPACITY, args.obs), torch.empty(CAPACITY, args.act).uniform_(-2, 2),
              torch.randn(CAPACITY), torch.ones(CAPACITY), torch.randn(CAPACITY, args.obs))

    def step():
        index = torch.randint(CAPACITY, (BATCH,))
        sac.update(*(t.index_select(0, index) for t in buffer))

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _ in range(args.iters):
            step()
        times.append((time.perf_counter() - start) * 1e3 / args.iters)
    print("pytorch obs=%d act=%d threads=%d ms_per_update=%.3f ms_all=%s torch=%s" % (
        args.obs, args.act, args.threads, statistics.median(times), ",".join("%.3f" % t for t in times),
        torch.__version__))


if __name__ == "__main__":
    main()
