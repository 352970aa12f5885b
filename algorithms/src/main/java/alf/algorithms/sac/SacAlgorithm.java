package alf.algorithms.sac;

import alf.rl.LossInfo;
import alf.rl.RLAlgorithm;
import alf.autograd.Autograd;
import alf.autograd.GradMode;
import alf.config.Configurable;
import alf.config.Default;
import alf.data.BoundedTensorSpec;
import alf.data.Experience;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.distributions.Categorical;
import alf.distributions.Distribution;
import alf.nn.Module;
import alf.nn.ModuleList;
import alf.nn.Parameter;
import alf.optimizers.Optimizer;
import alf.optimizers.OptimizerState;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Soft Actor-Critic (Haarnoja et al., "Soft Actor-Critic Algorithms and Applications", 2018) after ALF's
 * {@code SacAlgorithm}: twin critics with Polyak-averaged targets, a learned entropy temperature α = exp(log α).
 *
 * <p>Losses of one batch (s, a, r, d, s'), with γ the discount and d the batch's discount mask:
 * <ul>
 *   <li>critic: Σᵢ ½·mean((Qᵢ(s, a) − y)²), y = r + γ·d·(minⱼ Q̄ⱼ(s', a') − α·log π(a'|s')), a' ~ π(·|s') — the
 *       entropy folded into the TD target, no gradient through y;</li>
 *   <li>actor: mean(α·log π(ã|s) − minᵢ Qᵢ(s, ã)), ã ~ π(·|s) reparameterised; the Q term's gradient reaches the
 *       actor through dQ/dã only (ALF's dqda trick), so the actor loss never changes the critics;</li>
 *   <li>temperature: mean(log α · stopgrad(−log π(ã|s) − H̄)).</li>
 * </ul>
 * log π of the rsampled action is taken right after sampling, so the tanh transform's cache is used.
 *
 * <p>With prioritised replay the batch carries importance-sampling weights w (Schaul et al., "Prioritized Experience
 * Replay", ICLR 2016): each critic loss becomes ½·mean(w ⊙ (Qᵢ(s, a) − y)²) (the actor and temperature losses are not
 * weighted), and {@link LossInfo#priorities()} returns the new priorities |δ| = (1/K)·Σᵢ |Qᵢ(s, a) − y| over the K
 * critics, detached. Without weights the critic loss is exactly the unweighted one above.
 *
 * <p>Discrete actions have no actor network: π(·|s) = softmax(minᵢ Qᵢ(s, ·)/α) (Categorical over Q/α), the critic
 * target uses the soft value V(s') = α·logΣₐ exp(minⱼ Q̄ⱼ(s', a)/α), and the temperature loss uses the exact entropy.
 *
 * <p>Evaluation ({@link #predictAction}) takes the mode: the squashed Gaussian mean, or argmax Q. The actor, critic
 * and temperature optimizers are built by the configuration without parameters and receive them here; target
 * networks are not optimised.
 */
@Configurable
public final class SacAlgorithm implements RLAlgorithm {
    private final BoundedTensorSpec actionSpec;
    private final boolean discrete;
    private final ActorNetwork actor;
    private final ModuleList<CriticNetwork> critics;
    private final ModuleList<CriticNetwork> targetCritics;
    private final Tensor logAlpha;
    /** The critics' parameters and their targets', in matching order (for the Polyak update). */
    private final List<Tensor> onlineCriticParameters;
    private final List<Tensor> targetCriticParameters;
    /** The distinct optimizers, in the order actor, critic, temperature (one when they share the default). */
    private final List<Optimizer> optimizers = new ArrayList<>(3);
    private final double gamma;
    private final double targetUpdateTau;
    private final int targetUpdatePeriod;
    private final double targetEntropy;
    private long updates;

    /**
     * @param observationSpec    spec of one observation (1-d, supplied by code from the environment)
     * @param actionSpec         spec of one action: 1-d continuous with finite bounds, or a discrete scalar
     * @param rng                initialises the networks (supplied by code: the run's model generator)
     * @param actorHiddenSizes   hidden layer sizes of the actor's encoder
     * @param criticHiddenSizes  hidden layer sizes of each critic
     * @param optimizer          the default optimizer: it gets a parameter group for each part below that has no
     *                           optimizer of its own (ALF's single algorithm optimizer)
     * @param actorOptimizer     optimizer of the actor (continuous actions only), or null for the default
     * @param criticOptimizer    optimizer of the critics, or null for the default
     * @param alphaOptimizer     optimizer of log α, or null for the default
     * @param gamma              discount factor γ
     * @param targetUpdateTau    Polyak factor τ: target ← (1 − τ)·target + τ·online
     * @param targetUpdatePeriod updates between target moves
     * @param initialAlpha       α before training
     * @param targetEntropy      H̄; null for the default (−|A| continuous, min-prob rule with 0.1 discrete)
     * @param minProb            when set (and targetEntropy is null), H̄ from ALF's min-probability rule
     * @param numCritics         number of critics (2: twin critics)
     * @param stateDependentStd  whether the policy's std depends on the state
     * @param stdTransform       how the std is made positive
     * @param scaleDistribution  whether to squash actions with tanh onto the bounds
     */
    public SacAlgorithm(BoundedTensorSpec observationSpec, BoundedTensorSpec actionSpec, Rng rng,
            @Default("[256, 256]") int[] actorHiddenSizes,
            @Default("[256, 256]") int[] criticHiddenSizes,
            @Default("{ class = Adam, lr = 3e-4 }") Optimizer optimizer,
            @Default("null") Optimizer actorOptimizer,
            @Default("null") Optimizer criticOptimizer,
            @Default("null") Optimizer alphaOptimizer,
            @Default("0.99") double gamma,
            @Default("0.005") double targetUpdateTau,
            @Default("1") int targetUpdatePeriod,
            @Default("1.0") double initialAlpha,
            @Default("null") Double targetEntropy,
            @Default("null") Double minProb,
            @Default("2") int numCritics,
            @Default("true") boolean stateDependentStd,
            @Default("clipped_exp") StdTransform stdTransform,
            @Default("true") boolean scaleDistribution) {
        if (observationSpec.shape().length != 1) {
            throw new IllegalArgumentException("SacAlgorithm: expects 1-d observations, got " + observationSpec);
        }
        if (numCritics < 1) {
            throw new IllegalArgumentException("SacAlgorithm.numCritics must be >= 1, got " + numCritics);
        }
        if (!(gamma >= 0 && gamma <= 1) || !(targetUpdateTau > 0 && targetUpdateTau <= 1) || targetUpdatePeriod < 1
                || !(initialAlpha > 0)) {
            throw new IllegalArgumentException("SacAlgorithm: need 0 <= gamma <= 1 (got " + gamma + "), 0 < tau <= 1 "
                    + "(got " + targetUpdateTau + "), targetUpdatePeriod >= 1 (got " + targetUpdatePeriod
                    + ") and initialAlpha > 0 (got " + initialAlpha + ")");
        }
        this.actionSpec = actionSpec;
        this.discrete = actionSpec.isDiscrete();
        if (discrete && actionSpec.numel() != 1) {
            throw new IllegalArgumentException("SacAlgorithm: discrete actions must be a scalar, got " + actionSpec);
        }
        int obs = observationSpec.numel();
        if (discrete) {
            this.actor = null;
        } else {
            this.actor = new ActorNetwork(obs, actionSpec, actorHiddenSizes, stateDependentStd, stdTransform,
                    scaleDistribution, rng);
        }
        int numActions = discrete ? (int) (actionSpec.maximum(0) - actionSpec.minimum(0)) + 1 : 0;
        this.critics = new ModuleList<>();
        for (int i = 0; i < numCritics; i++) {
            critics.add(new CriticNetwork(obs, discrete ? 0 : actionSpec.numel(), numActions, criticHiddenSizes,
                    rng));
        }
        this.targetCritics = copyOf(critics);
        this.onlineCriticParameters = critics.parameters();
        this.targetCriticParameters = targetCritics.parameters();
        this.logAlpha = Parameter.of(Tensor.scalar(Math.log(initialAlpha)));
        if (actor != null) {
            assign(actorOptimizer, optimizer, "actorOptimizer").addParamGroup(actor.parameters());
        }
        assign(criticOptimizer, optimizer, "criticOptimizer").addParamGroup(critics.parameters());
        assign(alphaOptimizer, optimizer, "alphaOptimizer").addParamGroup(List.of(logAlpha));
        this.gamma = gamma;
        this.targetUpdateTau = targetUpdateTau;
        this.targetUpdatePeriod = targetUpdatePeriod;
        if (targetEntropy != null) {
            this.targetEntropy = targetEntropy;
        } else if (minProb != null || discrete) {
            this.targetEntropy = TargetEntropy.fromMinProb(actionSpec, minProb == null ? 0.1 : minProb);
        } else {
            this.targetEntropy = TargetEntropy.negativeActionDimension(actionSpec);
        }
    }

    /** The optimizer of one part: its own, else the default; records each distinct optimizer once. */
    private Optimizer assign(Optimizer own, Optimizer fallback, String role) {
        Optimizer chosen = own != null ? own : fallback;
        if (chosen == null) {
            throw new IllegalArgumentException("SacAlgorithm: no optimizer for " + role + ": set SacAlgorithm." + role
                    + " or the default SacAlgorithm.optimizer");
        }
        if (optimizers.stream().noneMatch(o -> o == chosen)) {
            optimizers.add(chosen);
        }
        return chosen;
    }

    @SuppressWarnings("unchecked")
    private static ModuleList<CriticNetwork> copyOf(ModuleList<CriticNetwork> online) {
        ModuleList<CriticNetwork> copy = (ModuleList<CriticNetwork>) online.copy();
        for (Tensor p : copy.parameters()) {
            p.setRequiresGrad(false);
        }
        return copy;
    }

    /** The target entropy H̄ in use. */
    public double targetEntropy() {
        return targetEntropy;
    }

    /** The current temperature α. */
    public double alpha() {
        return Math.exp(logAlpha.item());
    }

    /** The policy network (null for discrete actions). */
    public ActorNetwork actor() {
        return actor;
    }

    /** The online critics. */
    public ModuleList<CriticNetwork> critics() {
        return critics;
    }

    /** The target critics (Polyak-averaged copies, not optimised). */
    public ModuleList<CriticNetwork> targetCritics() {
        return targetCritics;
    }

    @Override
    public List<String> metricNames() {
        return discrete ? List.of("critic_loss", "alpha_loss", "alpha", "entropy")
                : List.of("critic_loss", "actor_loss", "alpha_loss", "alpha", "entropy");
    }

    // ------------------------------------------------------------------ acting

    private static Tensor observations(TimeStep step) {
        Tensor o = step.observation();
        return o.dtype() == DType.FLOAT32 ? o : o.to(DType.FLOAT32);
    }

    /** min over critics of Q(s, ·) for discrete actions: [N, K]. */
    private static Tensor minQAll(ModuleList<CriticNetwork> nets, Tensor obs) {
        Tensor q = null;
        for (CriticNetwork c : nets) {
            Tensor qi = c.qAll(obs);
            q = q == null ? qi : q.minimum(qi);
        }
        return q;
    }

    /** min over critics of Q(s, a) for continuous actions: [N]. */
    private static Tensor minQ(ModuleList<CriticNetwork> nets, Tensor obs, Tensor action) {
        Tensor q = null;
        for (CriticNetwork c : nets) {
            Tensor qi = c.q(obs, action);
            q = q == null ? qi : q.minimum(qi);
        }
        return q;
    }

    private Tensor discreteAction(Tensor index) {
        Tensor a = index.add((long) actionSpec.minimum(0));
        return a.dtype() == actionSpec.dtype() ? a : a.to(actionSpec.dtype());
    }

    @Override
    public Tensor predictAction(TimeStep step) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor obs = observations(step);
            if (discrete) {
                return discreteAction(minQAll(critics, obs).argmax(1, false));
            }
            return actor.distribution(obs).mode().to(actionSpec.dtype());
        }
    }

    @Override
    public Tensor rolloutAction(TimeStep step, Rng rng) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor obs = observations(step);
            if (discrete) {
                Tensor logits = minQAll(critics, obs).div(alpha());
                return discreteAction(Categorical.fromLogits(logits).sample(rng));
            }
            return actor.distribution(obs).sample(rng).to(actionSpec.dtype());
        }
    }

    // ------------------------------------------------------------------ training

    @Override
    public LossInfo trainStep(Experience batch, Rng rng) {
        return trainStep(SampledBatch.uniform(batch), rng);
    }

    @Override
    public LossInfo trainStep(SampledBatch sampled, Rng rng) {
        return discrete ? discreteTrainStep(sampled.experience(), sampled.weights())
                : continuousTrainStep(sampled.experience(), sampled.weights(), rng);
    }

    /** ½·mean(w ⊙ (q − y)²), or ½·mean((q − y)²) when {@code weights} is null. */
    private static Tensor criticLoss(Tensor q, Tensor target, Tensor weights) {
        Tensor squared = q.sub(target).square();
        return (weights == null ? squared : squared.mul(weights)).meanAll().mul(0.5);
    }

    /** (1/K)·Σᵢ |qᵢ − y| over the critics' Q values, detached: the per-sample priorities. */
    private static Tensor meanAbsTdError(List<Tensor> qs, Tensor target) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor sum = null;
            for (Tensor q : qs) {
                Tensor err = q.detach().sub(target).abs();
                sum = sum == null ? err : sum.add(err);
            }
            return sum.div((double) qs.size());
        }
    }

    private LossInfo continuousTrainStep(Experience batch, Tensor weights, Rng rng) {
        Tensor obs = batch.observation().to(DType.FLOAT32);
        Tensor next = batch.nextObservation().to(DType.FLOAT32);
        Tensor action = batch.action().to(DType.FLOAT32);
        double alpha = alpha();

        Tensor target;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Distribution nextPi = actor.distribution(next);
            Tensor nextAction = nextPi.rsample(rng);
            Tensor nextLogPi = nextPi.logProb(nextAction);
            Tensor softValue = minQ(targetCritics, next, nextAction).sub(nextLogPi.mul(alpha));
            target = batch.reward().add(batch.discount().mul(softValue).mul(gamma));
        }
        Tensor criticLoss = null;
        List<Tensor> qs = new ArrayList<>(critics.size());
        for (CriticNetwork c : critics) {
            Tensor q = c.q(obs, action);
            qs.add(q);
            Tensor li = criticLoss(q, target, weights);
            criticLoss = criticLoss == null ? li : criticLoss.add(li);
        }

        Distribution pi = actor.distribution(obs);
        Tensor newAction = pi.rsample(rng);
        Tensor logPi = pi.logProb(newAction);
        Tensor dqda;
        Tensor probe = newAction.detach().setRequiresGrad(true);
        dqda = Autograd.grad(new Tensor[] {minQ(critics, obs, probe).sumAll()}, new Tensor[] {probe}, null, false,
                false, false)[0];
        Tensor actorLoss = logPi.mul(alpha).sub(dqda.mul(newAction).sum(1, false)).meanAll();

        Tensor negLogPi = logPi.detach().neg();
        Tensor alphaLoss = logAlpha.mul(negLogPi.sub(targetEntropy).meanAll());

        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("critic_loss", criticLoss);
        terms.put("actor_loss", actorLoss);
        terms.put("alpha_loss", alphaLoss);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("alpha", alpha);
        metrics.put("entropy", negLogPi.meanAll().item());
        return new LossInfo(criticLoss.add(actorLoss).add(alphaLoss), terms, metrics, meanAbsTdError(qs, target));
    }

    private LossInfo discreteTrainStep(Experience batch, Tensor weights) {
        Tensor obs = batch.observation().to(DType.FLOAT32);
        Tensor next = batch.nextObservation().to(DType.FLOAT32);
        Tensor index = batch.action().to(DType.INT64).sub((long) actionSpec.minimum(0)).reshape(-1, 1);
        double alpha = alpha();

        // one forward per online critic: its detached minimum gives the policy, the same outputs give the loss
        List<Tensor> qAll = new ArrayList<>(critics.size());
        for (CriticNetwork c : critics) {
            qAll.add(c.qAll(obs));
        }
        Tensor target;
        Tensor entropy;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor softValue = minQAll(targetCritics, next).div(alpha).logSumExp(1, false).mul(alpha);
            target = batch.reward().add(batch.discount().mul(softValue).mul(gamma));
            Tensor minQ = null;
            for (Tensor q : qAll) {
                minQ = minQ == null ? q.detach() : minQ.minimum(q.detach());
            }
            Tensor logits = minQ.div(alpha);
            Tensor logPi = logits.sub(logits.logSumExp(1, true));
            entropy = logPi.exp().mul(logPi).sum(1, false).neg();
        }
        Tensor criticLoss = null;
        List<Tensor> qs = new ArrayList<>(critics.size());
        for (Tensor q : qAll) {
            Tensor qa = q.gather(1, index).squeeze(1);
            qs.add(qa);
            Tensor li = criticLoss(qa, target, weights);
            criticLoss = criticLoss == null ? li : criticLoss.add(li);
        }
        Tensor alphaLoss = logAlpha.mul(entropy.sub(targetEntropy).meanAll());
        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("critic_loss", criticLoss);
        terms.put("alpha_loss", alphaLoss);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("alpha", alpha);
        metrics.put("entropy", entropy.meanAll().item());
        return new LossInfo(criticLoss.add(alphaLoss), terms, metrics, meanAbsTdError(qs, target));
    }

    @Override
    public void update(LossInfo loss) {
        for (Optimizer o : optimizers) {
            o.zeroGrad();
        }
        loss.loss().backward();
        for (Optimizer o : optimizers) {
            o.step();
        }
    }

    @Override
    public void afterUpdate() {
        updates++;
        if (updates % targetUpdatePeriod != 0) {
            return;
        }
        try (GradMode.Scope scope = GradMode.noGrad()) {
            for (int i = 0; i < onlineCriticParameters.size(); i++) {
                targetCriticParameters.get(i).muli(1.0 - targetUpdateTau)
                        .addi(onlineCriticParameters.get(i).mul(targetUpdateTau));
            }
        }
    }

    /** The actor's ({@code actor.*}), critics' ({@code critics.*}) and temperature's ({@code log_alpha}) parameters. */
    @Override
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (actor != null) {
            actor.namedParameters().forEach((k, v) -> out.put("actor." + k, v));
        }
        critics.namedParameters().forEach((k, v) -> out.put("critics." + k, v));
        out.put("log_alpha", logAlpha);
        return out;
    }

    // ------------------------------------------------------------------ state

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (actor != null) {
            s.put("actor", new LinkedHashMap<String, Object>(actor.stateDict()));
        }
        s.put("critics", new LinkedHashMap<String, Object>(critics.stateDict()));
        s.put("targetCritics", new LinkedHashMap<String, Object>(targetCritics.stateDict()));
        s.put("logAlpha", logAlpha.detach().copy());
        Map<String, Object> opt = new LinkedHashMap<>();
        for (int i = 0; i < optimizers.size(); i++) {
            opt.put(Integer.toString(i), optimizers.get(i).stateDict().toMap());
        }
        s.put("optimizers", opt);
        s.put("updates", updates);
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> state) {
        if (actor != null) {
            loadModule(actor, (Map<String, Object>) require(state, "actor"));
        }
        loadModule(critics, (Map<String, Object>) require(state, "critics"));
        loadModule(targetCritics, (Map<String, Object>) require(state, "targetCritics"));
        try (GradMode.Scope scope = GradMode.noGrad()) {
            logAlpha.copy_((Tensor) require(state, "logAlpha"));
        }
        Map<String, Object> opt = (Map<String, Object>) require(state, "optimizers");
        if (opt.size() != optimizers.size()) {
            throw new IllegalArgumentException("SacAlgorithm.loadStateDict: the checkpoint has " + opt.size()
                    + " optimizer(s), this algorithm has " + optimizers.size());
        }
        for (int i = 0; i < optimizers.size(); i++) {
            optimizers.get(i).loadStateDict(OptimizerState.fromMap((Map<String, Object>) require(opt,
                    Integer.toString(i))));
        }
        updates = ((Number) require(state, "updates")).longValue();
    }

    private static void loadModule(Module m, Map<String, Object> state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        state.forEach((k, v) -> tensors.put(k, (Tensor) v));
        m.loadStateDict(tensors, true);
    }

    private static Object require(Map<String, Object> state, String key) {
        Object v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException("SacAlgorithm.loadStateDict: the checkpoint lacks '" + key + "'");
        }
        return v;
    }
}
