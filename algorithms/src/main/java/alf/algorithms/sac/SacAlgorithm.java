package alf.algorithms.sac;

import alf.rl.LossInfo;
import alf.rl.RLAlgorithm;
import alf.tensor.Autograd;
import alf.tensor.GradMode;
import alf.tensor.plan.CapturedStep;
import alf.tensor.plan.Plan;
import alf.config.Configurable;
import alf.config.HeapBudget;
import alf.config.IgnoredParameters;
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
import alf.io.StateDict;
import alf.io.StateDictException;
import alf.optimizers.Optimizer;
import alf.optimizers.OptimizerState;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * <p>With {@code capture} on (the default), the whole update — losses, gradients and optimizer steps, run by
 * {@link #trainStep} — and the Polyak target update are each captured as a {@link CapturedStep} after a first eager
 * step and then replayed from a static plan over fixed buffers (no graph building, no tensor allocation); the results
 * are bit-identical to eager execution, where {@link #update} does the backward and the optimizer steps. The
 * temperature enters the losses as a tensor (exp of log α in float64, rounded to float32 where it multiplies), which
 * is what the eager path computes too. Gradient clipping computes a norm in Java, so with it the update stays eager
 * ({@link #captureEagerReason()} says why).
 *
 * <p>Evaluation ({@link #predictAction}) takes the mode: the squashed Gaussian mean, or argmax Q; with {@code capture}
 * on it is replayed from a captured plan too. The actor, critic and temperature optimizers are built by the
 * configuration without parameters and receive them here; target networks are not optimised.
 */
@Configurable
public final class SacAlgorithm implements RLAlgorithm, IgnoredParameters {
    private final BoundedTensorSpec actionSpec;
    private final boolean discrete;
    private final ActorNetwork actor;
    private final ModuleList<CriticNetwork> critics;
    private final ModuleList<CriticNetwork> targetCritics;
    private final Tensor logAlpha;
    /** See {@link #trainedParameters()}. */
    private final List<Tensor> trainedParameters;
    /** The critics' parameters and their targets', in matching order (for the Polyak update). */
    private final List<Tensor> onlineCriticParameters;
    private final List<Tensor> targetCriticParameters;
    /** The distinct optimizers, in the order actor, critic, temperature (one when they share the default). */
    private final List<Optimizer> optimizers = new ArrayList<>(3);
    /**
     * The same optimizers by the part they train, as saved in checkpoints: {@code actor}, {@code critic},
     * {@code alpha} for parts with their own optimizer, {@code default} for the shared default one.
     */
    private final Map<String, Optimizer> optimizersByRole = new LinkedHashMap<>();
    private final double gamma;
    private final double targetUpdateTau;
    private final int targetUpdatePeriod;
    private final double targetEntropy;
    private final boolean capture;
    private long updates;
    /** Constructor parameters this instance did not use, with the reason (see {@link IgnoredParameters}). */
    private final Map<String, String> ignoredParameters = new LinkedHashMap<>();

    /** The captured update (null until the first capture-mode train step, or after a restore). */
    private CapturedStep<StepTensors> lossStep;
    /** The generator and weighting {@link #lossStep} was built for: a different one builds a new step. */
    private Rng lossStepRng;
    private boolean lossStepWeighted;
    /** The loss whose update {@link #trainStep} already applied (capture mode), so {@link #update} skips it. */
    private Tensor appliedFor;
    private CapturedStep<Void> targetUpdate;
    /** The captured rollout sample of continuous actions, and the generator it draws from (null until used). */
    private CapturedStep<Tensor> rolloutStep;
    private Rng rolloutStepRng;
    /** The captured greedy action for evaluation (null until used). */
    private CapturedStep<Tensor> predictStep;

    /** The tensors a training step produces: the total loss, its terms, the entropy estimate, the priorities. */
    private record StepTensors(Tensor loss, Map<String, Tensor> terms, Tensor entropy, Tensor priorities) {
    }

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
     * @param capture            replay the update, the rollout sample and the greedy action from captured plans
     *                           after the first steps (bit-identical to eager execution, faster); false runs them
     *                           eagerly (define-by-run)
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
            @Default("true") boolean scaleDistribution,
            @Default("true") boolean capture) {
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
        int numActions = discrete ? (int) (actionSpec.maximum(0) - actionSpec.minimum(0)) + 1 : 0;
        // float32 weights + gradient + two Adam moments (4 copies); each critic also has a target copy (5)
        double criticBytes = 5.0 * Float.BYTES * numCritics * parameterCount("SacAlgorithm.criticHiddenSizes",
                obs + (discrete ? 0 : actionSpec.numel()), criticHiddenSizes, discrete ? numActions : 1);
        double actorBytes = discrete ? 0 : 4.0 * Float.BYTES * parameterCount("SacAlgorithm.actorHiddenSizes", obs,
                actorHiddenSizes, 2L * actionSpec.numel());
        HeapBudget.require("SacAlgorithm.criticHiddenSizes", numCritics + " critics and their targets", criticBytes);
        HeapBudget.require("SacAlgorithm.actorHiddenSizes", "the actor network", actorBytes + criticBytes);
        if (discrete) {
            this.actor = null;
        } else {
            this.actor = new ActorNetwork(obs, actionSpec, actorHiddenSizes, stateDependentStd, stdTransform,
                    scaleDistribution, rng);
        }
        this.critics = new ModuleList<>();
        for (int i = 0; i < numCritics; i++) {
            critics.add(new CriticNetwork(obs, discrete ? 0 : actionSpec.numel(), numActions, criticHiddenSizes,
                    rng));
        }
        this.targetCritics = copyOf(critics);
        this.onlineCriticParameters = critics.parameters();
        this.targetCriticParameters = targetCritics.parameters();
        this.logAlpha = Parameter.of(Tensor.scalar(Math.log(initialAlpha)));
        List<Tensor> trained = new ArrayList<>(critics.parameters());
        if (actor != null) {
            trained.addAll(actor.parameters());
        }
        trained.add(logAlpha);
        this.trainedParameters = List.copyOf(trained);
        if (actor != null) {
            assign(actorOptimizer, optimizer, "actor").addParamGroup(actor.parameters());
        }
        assign(criticOptimizer, optimizer, "critic").addParamGroup(critics.parameters());
        assign(alphaOptimizer, optimizer, "alpha").addParamGroup(List.of(logAlpha));
        if (discrete) {
            for (String actorParameter : List.of("actorHiddenSizes", "actorOptimizer", "stateDependentStd",
                    "stdTransform", "scaleDistribution")) {
                ignoredParameters.put(actorParameter, "discrete actions have no actor network");
            }
        }
        if ((discrete || actorOptimizer != null) && criticOptimizer != null && alphaOptimizer != null) {
            ignoredParameters.put("optimizer", "every part has its own optimizer");
        }
        if (targetEntropy != null) {
            ignoredParameters.put("minProb", "targetEntropy is set");
        }
        this.gamma = gamma;
        this.targetUpdateTau = targetUpdateTau;
        this.targetUpdatePeriod = targetUpdatePeriod;
        this.capture = capture;
        if (targetEntropy != null) {
            this.targetEntropy = targetEntropy;
        } else if (minProb != null || discrete) {
            this.targetEntropy = TargetEntropy.fromMinProb(actionSpec, minProb == null ? 0.1 : minProb);
        } else {
            this.targetEntropy = TargetEntropy.negativeActionDimension(actionSpec);
        }
    }

    /**
     * Weights and biases of a fully connected stack in → hidden… → out: Σ (fanIn·fanOut + fanOut) over its
     * layers, each layer's weight matrix checked to fit an array (named by {@code key}).
     */
    private static double parameterCount(String key, long in, int[] hidden, long out) {
        double count = 0;
        long fanIn = in;
        for (int i = 0; i <= hidden.length; i++) {
            long fanOut = i < hidden.length ? hidden[i] : out;
            count += HeapBudget.elements(key, fanIn, fanOut) + fanOut;
            fanIn = fanOut;
        }
        return count;
    }

    /** The critics', the actor's and the temperature's parameters (one unmodifiable list, built once). */
    @Override
    public List<Tensor> trainedParameters() {
        return trainedParameters;
    }

    @Override
    public Map<String, String> ignoredParameters() {
        return Collections.unmodifiableMap(ignoredParameters);
    }

    /**
     * The optimizer of one part ({@code role}: actor, critic or alpha): its own, else the default; records each
     * distinct optimizer once, under its role or under {@code default}.
     */
    private Optimizer assign(Optimizer own, Optimizer fallback, String role) {
        Optimizer chosen = own != null ? own : fallback;
        if (chosen == null) {
            throw new IllegalArgumentException("SacAlgorithm: no optimizer for the " + role + ": set SacAlgorithm."
                    + role + "Optimizer or the default SacAlgorithm.optimizer");
        }
        if (optimizers.stream().noneMatch(o -> o == chosen)) {
            optimizers.add(chosen);
            optimizersByRole.put(own != null ? role : "default", chosen);
        }
        return chosen;
    }

    /** Frozen deep copies of the critics, in order (the target networks). */
    private static ModuleList<CriticNetwork> copyOf(ModuleList<CriticNetwork> online) {
        ModuleList<CriticNetwork> copy = new ModuleList<>();
        for (CriticNetwork critic : online) {
            copy.add((CriticNetwork) critic.copy());
        }
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
        return observations(step.observation());
    }

    /** {@code o} as float32 (itself when it is float32 already). */
    private static Tensor observations(Tensor o) {
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

    /**
     * {@inheritDoc} With {@code capture} on, the greedy action (the forward of the actor or of the critics, the mode,
     * the conversion to the action's dtype) is replayed from a captured plan like the rollout sample, and the action
     * returned is a copy of the plan's result, bit-identical to eager execution. The plan keeps its intermediate
     * buffers between evaluations (a row per evaluated episode: a few KB per episode with 256-wide layers).
     */
    @Override
    public Tensor predictAction(TimeStep step) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            if (!capture) {
                return greedyAction(step.observation());
            }
            if (predictStep == null) {
                predictStep = new CapturedStep<>("SacAlgorithm greedy action", in -> greedyAction(in[0]));
            }
            return predictStep.run(step.observation()).copy();
        }
    }

    /**
     * The policy's mode at {@code observation} (converted to float32 first) in the action spec's dtype: the squashed
     * Gaussian mean, or argmax Q.
     */
    private Tensor greedyAction(Tensor observation) {
        Tensor obs = observations(observation);
        if (discrete) {
            return discreteAction(minQAll(critics, obs).argmax(1, false));
        }
        return actor.distribution(obs).mode().to(actionSpec.dtype());
    }

    /**
     * {@inheritDoc} With {@code capture} on, the continuous policy's sample (actor forward, one draw from
     * {@code rng}, the squashing) is replayed from a captured plan like the update, and the action returned is a
     * copy of the plan's result, bit-identical to eager execution. Discrete actions are sampled on the host by
     * {@link Categorical} and stay eager.
     */
    @Override
    public Tensor rolloutAction(TimeStep step, Rng rng) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor obs = observations(step);
            if (discrete) {
                Tensor logits = minQAll(critics, obs).div(alpha());
                return discreteAction(Categorical.fromLogits(logits).sample(rng));
            }
            if (!capture) {
                return sampledAction(obs, rng);
            }
            if (rolloutStep == null || rolloutStepRng != rng) {
                rolloutStepRng = rng;
                rolloutStep = new CapturedStep<>("SacAlgorithm rollout action", in -> sampledAction(in[0], rng));
            }
            return rolloutStep.run(obs).copy();
        }
    }

    /** An action sampled from the actor's distribution at {@code obs}, in the action spec's dtype. */
    private Tensor sampledAction(Tensor obs, Rng rng) {
        return actor.distribution(obs).sample(rng).to(actionSpec.dtype());
    }

    // ------------------------------------------------------------------ training

    @Override
    public LossInfo trainStep(SampledBatch sampled, Rng rng) {
        Experience batch = sampled.experience();
        Tensor weights = sampled.weights();
        Tensor[] inputs = weights == null
                ? new Tensor[] {batch.observation(), batch.nextObservation(), batch.action(), batch.reward(),
                    batch.discount()}
                : new Tensor[] {batch.observation(), batch.nextObservation(), batch.action(), batch.reward(),
                    batch.discount(), weights};
        double alpha = alpha();
        StepTensors step;
        if (capture) {
            step = capturedUpdate(rng, weights != null).run(inputs);
            appliedFor = step.loss();
        } else {
            step = losses(inputs, rng);
            appliedFor = null;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("alpha", alpha);
        metrics.put("entropy", step.entropy().item());
        return new LossInfo(step.loss(), step.terms(), metrics, step.priorities());
    }

    /**
     * The captured update (losses, backward, optimizer steps) for this generator and weighting, built anew when
     * either changes; replay repeats the optimizers' host preparation (rates, step counters) first.
     */
    private CapturedStep<StepTensors> capturedUpdate(Rng rng, boolean weighted) {
        if (lossStep == null || lossStepRng != rng || lossStepWeighted != weighted) {
            lossStepRng = rng;
            lossStepWeighted = weighted;
            lossStep = new CapturedStep<>("SacAlgorithm update", inputs -> {
                StepTensors t = losses(inputs, rng);
                backwardAndStep(t.loss());
                return t;
            }, () -> {
                for (Optimizer o : optimizers) {
                    o.prepareStep();
                }
            });
        }
        return lossStep;
    }

    /** One backward of the total loss from zeroed gradients, then every optimizer's step. */
    private void backwardAndStep(Tensor loss) {
        for (Optimizer o : optimizers) {
            o.zeroGrad();
        }
        loss.backward();
        for (Optimizer o : optimizers) {
            o.step();
        }
    }

    /** The losses of one batch: inputs are observation, next observation, action, reward, discount[, weights]. */
    private StepTensors losses(Tensor[] in, Rng rng) {
        Tensor weights = in.length > 5 ? in[5] : null;
        Tensor alpha;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            // α = exp(log α) in float64, as Math.exp of the float32 parameter: the same number alpha() gives
            alpha = logAlpha.detach().to(DType.FLOAT64).exp();
        }
        return discrete ? discreteLosses(in, weights, alpha) : continuousLosses(in, weights, alpha, rng);
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

    private StepTensors continuousLosses(Tensor[] in, Tensor weights, Tensor alpha, Rng rng) {
        Tensor obs = in[0].to(DType.FLOAT32);
        Tensor next = in[1].to(DType.FLOAT32);
        Tensor action = in[2].to(DType.FLOAT32);

        Tensor target;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Distribution nextPi = actor.distribution(next);
            Tensor nextAction = nextPi.rsample(rng);
            Tensor nextLogPi = nextPi.logProb(nextAction);
            Tensor softValue = minQ(targetCritics, next, nextAction).sub(nextLogPi.mul(alpha));
            target = in[3].add(in[4].mul(softValue).mul(gamma));
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
        return new StepTensors(criticLoss.add(actorLoss).add(alphaLoss), terms, negLogPi.meanAll(),
                meanAbsTdError(qs, target));
    }

    private StepTensors discreteLosses(Tensor[] in, Tensor weights, Tensor alpha) {
        Tensor obs = in[0].to(DType.FLOAT32);
        Tensor next = in[1].to(DType.FLOAT32);
        Tensor index = in[2].to(DType.INT64).sub((long) actionSpec.minimum(0)).reshape(-1, 1);

        // one forward per online critic: its detached minimum gives the policy, the same outputs give the loss
        List<Tensor> qAll = new ArrayList<>(critics.size());
        for (CriticNetwork c : critics) {
            qAll.add(c.qAll(obs));
        }
        Tensor target;
        Tensor entropy;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor softValue = minQAll(targetCritics, next).div(alpha).logSumExp(1, false).mul(alpha);
            target = in[3].add(in[4].mul(softValue).mul(gamma));
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
        return new StepTensors(criticLoss.add(alphaLoss), terms, entropy.meanAll(), meanAbsTdError(qs, target));
    }

    /**
     * {@inheritDoc} With capture on, {@link #trainStep} has already applied the update of the loss it returned, and
     * this does nothing for it.
     */
    @Override
    public void update(LossInfo loss) {
        if (loss.loss() == appliedFor) {
            appliedFor = null;
            return;
        }
        backwardAndStep(loss.loss());
    }

    @Override
    public void afterUpdate() {
        updates++;
        if (updates % targetUpdatePeriod != 0) {
            return;
        }
        if (!capture) {
            moveTargets();
            return;
        }
        if (targetUpdate == null) {
            targetUpdate = new CapturedStep<>("SacAlgorithm target update", none -> {
                moveTargets();
                return null;
            });
        }
        targetUpdate.run();
    }

    /** target ← (1 − τ)·target + τ·online for every critic parameter. */
    private void moveTargets() {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            for (int i = 0; i < onlineCriticParameters.size(); i++) {
                targetCriticParameters.get(i).scaleAddi(1.0 - targetUpdateTau, onlineCriticParameters.get(i),
                        targetUpdateTau);
            }
        }
    }

    /** Where the captured update stands (null before the first capture-mode train step). */
    public CapturedStep.Phase capturePhase() {
        return lossStep == null ? null : lossStep.phase();
    }

    /** Where the captured greedy action of {@link #predictAction} stands (null before its first capture-mode call). */
    public CapturedStep.Phase greedyActionPhase() {
        return predictStep == null ? null : predictStep.phase();
    }

    /** Threads the captured update's replay deals its calls out to (0 before a plan exists). */
    public int captureLanes() {
        Plan<?> plan = capturedUpdatePlan();
        return plan == null ? 0 : plan.lanes();
    }

    /** The captured update's plan (losses, backward, optimizer steps), or null before one exists. */
    public Plan<?> capturedUpdatePlan() {
        return lossStep == null ? null : lossStep.plan();
    }

    /** Why the update runs eagerly, or null. */
    public String captureEagerReason() {
        return lossStep == null ? (capture ? null : "capture is off") : lossStep.eagerReason();
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
    public StateDict stateDict() {
        StateDict s = new StateDict();
        if (actor != null) {
            s.putDict("actor", StateDict.ofTensors(actor.stateDict()));
        }
        s.putDict("critics", StateDict.ofTensors(critics.stateDict()));
        s.putDict("targetCritics", StateDict.ofTensors(targetCritics.stateDict()));
        s.putTensor("logAlpha", logAlpha.detach().copy());
        StateDict opt = new StateDict();
        optimizersByRole.forEach((role, o) -> opt.putDict(role, o.stateDict().toStateDict()));
        s.putDict("optimizers", opt);
        s.putLong("updates", updates);
        return s;
    }

    @Override
    public void loadStateDict(StateDict state) {
        if (actor != null) {
            loadModule(actor, state, "actor");
        }
        loadModule(critics, state, "critics");
        loadModule(targetCritics, state, "targetCritics");
        Tensor savedLogAlpha = state.tensor("logAlpha");
        if (!Arrays.equals(savedLogAlpha.shape(), logAlpha.shape())) {
            throw state.error("logAlpha", "has shape " + Arrays.toString(savedLogAlpha.shape()) + ", expected "
                    + Arrays.toString(logAlpha.shape()));
        }
        StateDict opt = state.dict("optimizers");
        if (!opt.keys().equals(optimizersByRole.keySet())) {
            throw opt.error("", "holds the optimizers " + opt.keys() + ", but this SacAlgorithm has "
                    + optimizersByRole.keySet());
        }
        for (Map.Entry<String, Optimizer> e : optimizersByRole.entrySet()) {
            StateDict saved = opt.dict(e.getKey());
            try {
                e.getValue().loadStateDict(OptimizerState.fromStateDict(saved));
            } catch (StateDictException ex) {
                throw ex;
            } catch (IllegalArgumentException ex) {
                throw opt.error(e.getKey(), "does not fit: " + ex.getMessage());
            }
        }
        long savedUpdates = state.getLong("updates");
        try (GradMode.Scope scope = GradMode.noGrad()) {
            logAlpha.copy_(savedLogAlpha);
        }
        updates = savedUpdates;
        // the optimizers' state tensors may be new objects: capture again from the restored state
        lossStep = null;
        targetUpdate = null;
        rolloutStep = null;
        predictStep = null;
        appliedFor = null;
    }

    /** Loads the module state saved at {@code key}, naming the key in a mismatch. */
    private static void loadModule(Module m, StateDict state, String key) {
        try {
            m.loadStateDict(state.tensors(key), true);
        } catch (StateDictException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw state.error(key, "does not fit this SacAlgorithm: " + e.getMessage());
        }
    }
}
