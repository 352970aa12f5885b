package alf.trainers;

import alf.rl.LossInfo;
import alf.rl.NonFiniteLossException;
import alf.rl.RLAlgorithm;
import alf.tensor.GradMode;
import alf.data.BoundedTensorSpec;
import alf.data.EpisodeAccumulator;
import alf.data.ExperienceReplay;
import alf.data.PrioritizedReplayBuffer;
import alf.data.ReplayBuffer;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.rl.Environment;
import alf.io.AtomicFiles;
import alf.io.CheckpointRefusedException;
import alf.io.Checkpointer;
import alf.io.RunDirectoryLock;
import alf.io.StateDict;
import alf.io.Stateful;
import alf.summary.EventFiles;
import alf.summary.MetricsWriter;
import alf.summary.TensorBoardWriter;
import alf.tensor.Rng;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an off-policy {@link RLAlgorithm}: collect → replay → update → evaluate → metrics → checkpoint.
 *
 * <p>Each iteration steps the batched training environment once (random actions for the first
 * {@link TrainerConfig#initialCollectSteps()} steps, then {@link RLAlgorithm#rolloutAction}), stores the transitions,
 * and once learning has started runs {@link TrainerConfig#updatesPerIteration()} updates: sample a batch →
 * {@link RLAlgorithm#trainStep} → every loss term checked finite (a NaN or Inf stops the run naming the step and the
 * term, leaving the last checkpoint intact) → {@link RLAlgorithm#update} → every trained parameter checked finite →
 * {@link RLAlgorithm#afterUpdate}. Each batch is sampled into the tensors of the previous one
 * ({@link ExperienceReplay#sample(int, double, Rng, SampledBatch)}), so an algorithm must not keep a batch past its
 * update. Outside the algorithm's own calls the loop allocates nothing in the steady state ({@link #iterate}): the
 * environment writes its time steps into tensors it reuses (valid until its second following call, so the trainer
 * holds the current and the next one), the replay buffer copies each transition straight from the two time steps, the
 * batch is sampled into the previous one's tensors, and returns and loss terms are summed into primitive
 * accumulators. With {@link TrainerConfig#prioritizedReplay()} the batch comes from a {@link PrioritizedReplayBuffer} with
 * importance-sampling weights (β annealed by {@link TrainerConfig#priorityBetaAt}), and the algorithm's
 * {@link LossInfo#priorities()} are written back to the sampled slots after the update.
 *
 * <p>Every {@link TrainerConfig#evalInterval()} steps (and at step 0 and at the end) it runs greedy episodes on a
 * separate environment re-seeded for that evaluation, and appends a row to {@code metrics.csv}/{@code metrics.jsonl}:
 * eval and train returns and lengths, the mean of every loss term and algorithm metric since the previous row.
 * Wall-clock figures (steps/s) go to {@code timing.csv} instead, so that the same config and seed give
 * byte-identical metrics files; {@code wall_seconds} there is cumulative over sessions (a resumed run continues
 * from the wall time saved in its checkpoint, so time lost after that checkpoint is not counted) and
 * {@code steps_per_second} is the current session's rate. With {@link TrainerConfig#tensorboard()} every row of both
 * files also goes to a TensorBoard events file (tags {@code metrics/<column>}, {@code timing/<column>}), and every
 * {@link TrainerConfig#summaryHistogramInterval()} updates the histograms of the algorithm's parameters and gradients
 * ({@code params/<name>}, {@code grads/<name>}); each session writes a new events file. Checkpoints hold the whole state — algorithm, replay buffer, environments, every RNG,
 * counters and accumulators — so a resumed run continues bit-identically.
 */
public final class RLTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(RLTrainer.class);

    private final TrainerConfig config;
    private final Environment env;
    private final Environment evalEnv;
    private final RLAlgorithm algorithm;
    private final Path runDir;
    private final Checkpointer checkpointer;
    private final ExperienceReplay replay;
    private final SeedPlan seeds;
    private final Rng collectRng;
    private final Rng replayRng;
    private final Rng trainRng;
    private final List<String> columns;
    /** SHA-256 of the run's configuration file and the file, when tracked (see {@link #trackConfiguration}). */
    private String configDigest;
    private Path configFile;

    private TimeStep current;
    private long envSteps;
    private long trainSteps;
    private long evaluations;
    private long lastCheckpointStep = -1;
    private double lastEvalReturn = Double.NaN;
    /** Training wall time of earlier sessions, up to the checkpoint this session resumed from. */
    private double previousWallSeconds;
    private final EpisodeAccumulator episodes;
    private long sessionStartNanos;
    private final Accumulator trainReturns = new Accumulator();
    private final Accumulator trainLengths = new Accumulator();
    private final Map<String, Accumulator> lossAccumulators = new LinkedHashMap<>();
    /** Screens the trained parameters for NaN and ±∞ after each update. */
    /** The random actions of the initial collection, overwritten at each step (null before the first). */
    private Tensor randomActions;
    /** Counts each finished training episode into the train return and length means. */
    private final EpisodeAccumulator.Listener trainEpisodeEnded = (row, ret, length, terminated) -> {
        trainReturns.add(ret);
        trainLengths.add(length);
    };
    /** Adds a loss term's value to its metric's mean (a field, so that accumulating allocates no lambda). */
    private final BiConsumer<String, Tensor> accumulateTerm = (name, value) -> {
        Accumulator acc = lossAccumulators.get(name);
        if (acc != null) {
            acc.add(value.item());
        }
    };
    /** Adds an algorithm metric to its mean. */
    private final BiConsumer<String, Double> accumulateMetric = (name, value) -> {
        Accumulator acc = lossAccumulators.get(name);
        if (acc != null) {
            acc.add(value);
        }
    };
    /** The batch of the latest update, refilled by the next sample (null before the first). */
    private SampledBatch lastBatch;
    /** This session's TensorBoard events file, or null when {@link TrainerConfig#tensorboard()} is off. */
    private TensorBoardWriter events;
    /** Set by {@link #requestStop} from another thread (a signal handler); read once per iteration. */
    private volatile boolean stopRequested;
    private boolean stoppedEarly;

    /**
     * @param config    the run's settings
     * @param env       the batched training environment (not yet seeded)
     * @param evalEnv   the evaluation environment; its batch size is the number of episodes run at once
     * @param algorithm the learner, built from {@code SeedPlan.of(config.seed()).model()}
     * @param runDir    where metrics and checkpoints go
     */
    public RLTrainer(TrainerConfig config, Environment env, Environment evalEnv, RLAlgorithm algorithm, Path runDir) {
        this.config = config;
        this.env = env;
        this.evalEnv = evalEnv;
        this.algorithm = algorithm;
        this.runDir = runDir;
        this.checkpointer = new Checkpointer(runDir.resolve("checkpoints"), config.keepCheckpoints());
        config.checkReplayFits(env.observationSpec().toTensorSpec(), env.actionSpec().toTensorSpec());
        this.replay = config.prioritizedReplay()
                ? new PrioritizedReplayBuffer(config.replayCapacity(), env.observationSpec().toTensorSpec(),
                        env.actionSpec().toTensorSpec(), config.priorityAlpha(), config.priorityEpsilon())
                : new ReplayBuffer(config.replayCapacity(), env.observationSpec().toTensorSpec(),
                        env.actionSpec().toTensorSpec());
        this.seeds = SeedPlan.of(config.seed());
        this.collectRng = seeds.collect();
        this.replayRng = seeds.replay();
        this.trainRng = seeds.train();
        List<String> cols = new ArrayList<>(List.of("eval_return", "eval_length", "train_return", "train_length"));
        for (String name : algorithm.metricNames()) {
            cols.add(name);
            lossAccumulators.put(name, new Accumulator());
        }
        this.columns = List.copyOf(cols);
        this.episodes = new EpisodeAccumulator(env.batchSize());
    }

    /**
     * Records {@code file} as the run's configuration: the SHA-256 of its content now goes into every checkpoint,
     * and a resume refuses a checkpoint written under other content (the file was edited after the run started).
     */
    public void trackConfiguration(Path file) {
        try {
            configDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run's configuration " + file + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
        configFile = file;
    }

    /** Environment steps done so far. */
    public long envSteps() {
        return envSteps;
    }

    /** Mean greedy return of the latest evaluation (NaN before the first). */
    public double lastEvalReturn() {
        return lastEvalReturn;
    }

    /**
     * Asks a running {@link #run} to stop at the end of its current iteration (or evaluation), after checkpointing the
     * state of that step, so that {@code --resume} continues exactly there. Safe to call from any thread, e.g. a
     * shutdown hook run on Ctrl-C; calling it before {@link #run} makes the run stop before its first step.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * True when the last {@link #run} returned early because of {@link #requestStop}: its state at
     * {@link #envSteps()} is the newest checkpoint.
     */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** The run directory's checkpoints. */
    public Checkpointer checkpointer() {
        return checkpointer;
    }

    /**
     * Trains until {@link TrainerConfig#numEnvSteps()}: from scratch, or from the newest checkpoint in the run
     * directory when {@code resume} (the metrics files are then cut back to that checkpoint and continued).
     */
    public void run(boolean resume, ProgressListener progress) {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(runDir)) {
            AtomicFiles.deleteStaleTemporaries(runDir);
            AtomicFiles.deleteStaleTemporaries(checkpointer.directory());
            runLocked(resume, progress);
        }
    }

    private void runLocked(boolean resume, ProgressListener progress) {
        stoppedEarly = false;
        boolean resumed = false;
        if (resume) {
            Optional<Checkpointer.Loaded> latest = checkpointer.loadLatest(this::loadStateDict);
            if (latest.isEmpty()) {
                throw new IllegalStateException("no checkpoint to resume from in " + checkpointer.directory());
            }
            LOG.info("resumed from {} at {} environment steps", latest.get().path(), envSteps);
            resumed = true;
        } else {
            startFresh();
        }
        Path metricsBase = runDir.resolve("metrics");
        if (resumed) {
            MetricsFiles.truncateAfter(metricsBase, envSteps);
            MetricsFiles.truncateAfter(runDir.resolve("timing"), envSteps);
            EventFiles.truncateAfter(runDir, envSteps);
        }
        if (config.summaryHistogramInterval() > 0 && algorithm.namedParameters().isEmpty()) {
            throw new IllegalStateException("TrainerConfig.summaryHistogramInterval = "
                    + config.summaryHistogramInterval() + " asks for parameter histograms, but "
                    + algorithm.getClass().getSimpleName() + " reports no parameters (RLAlgorithm.namedParameters)");
        }
        try (MetricsWriter metrics = new MetricsWriter(metricsBase, columns, resumed);
             MetricsWriter timing = new MetricsWriter(runDir.resolve("timing"), List.of("wall_seconds",
                     "steps_per_second"), resumed);
             TensorBoardWriter tensorboard = config.tensorboard() ? TensorBoardWriter.create(runDir) : null) {
            events = tensorboard;
            long start = System.nanoTime();
            sessionStartNanos = start;
            long startSteps = envSteps;
            if (envSteps == 0 && evaluations == 0) {
                evaluateAndLog(metrics, timing, start, startSteps);
            }
            while (envSteps < config.numEnvSteps()) {
                if (stopRequested) {
                    saveCheckpoint();
                    stoppedEarly = true;
                    LOG.info("stopped on request at {} environment steps; checkpoint written", envSteps);
                    break;
                }
                iterate();
                if (crossed(config.evalInterval()) || envSteps >= config.numEnvSteps()) {
                    evaluateAndLog(metrics, timing, start, startSteps);
                }
                boolean periodic = config.checkpointInterval() > 0 && crossed(config.checkpointInterval());
                if (periodic || envSteps >= config.numEnvSteps()) {
                    saveCheckpoint();
                }
                progress.onProgress(envSteps, config.numEnvSteps(), lastEvalReturn);
            }
        } finally {
            events = null;
        }
    }

    /** Seeds and resets the training environment as a new run starts. */
    private void startFresh() {
        env.seed(seeds.envSeed());
        current = env.reset();
    }

    /**
     * One iteration of the training loop as {@link #run} does it: one batched environment step stored in the replay
     * buffer and, once learning has started, {@link TrainerConfig#updatesPerIteration()} updates; no evaluation,
     * metrics row or checkpoint. The first call on a trainer that has not run starts a fresh run (seeds and resets
     * the environment). Public for benchmarks of the loop ({@code TrainingIterationBenchmark}); it may run past
     * {@link TrainerConfig#numEnvSteps()}.
     */
    public void iterate() {
        if (current == null) {
            startFresh();
        }
        collectOneStep();
        if (envSteps >= config.initialCollectSteps() && replay.size() >= config.batchSize()) {
            for (int u = 0; u < config.updatesPerIteration(); u++) {
                trainOnce();
            }
        }
    }

    /** True when the last batched step moved envSteps across a multiple of {@code interval}. */
    private boolean crossed(long interval) {
        long before = envSteps - env.batchSize();
        return before / interval != envSteps / interval;
    }

    private void collectOneStep() {
        Tensor action;
        if (envSteps < config.initialCollectSteps()) {
            action = randomAction();
        } else {
            try (GradMode.Scope scope = GradMode.noGrad()) {
                action = algorithm.rolloutAction(current, collectRng);
            } catch (IllegalArgumentException e) {
                throw divergedOr(e, "the rollout step");
            }
        }
        // the environment overwrites `current` at the step after this one (Environment's validity rule); the replay
        // buffer copies the transition, and `next` becomes `current`
        TimeStep next = env.step(action);
        replay.add(current, action, next);
        episodes.add(next, trainEpisodeEnded);
        current = next;
        envSteps += env.batchSize();
    }

    /**
     * Uniformly random actions within the action spec's bounds (integers lo … hi for discrete specs), drawn from the
     * collect generator row by row, in a tensor of the spec's dtype that the next call overwrites.
     */
    private Tensor randomAction() {
        BoundedTensorSpec spec = env.actionSpec();
        int b = env.batchSize();
        int n = spec.numel();
        if (randomActions == null) {
            randomActions = Tensor.zeros(spec.dtype(), spec.batchedShape(b));
        }
        Storage values = randomActions.storage();
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) {
                double lo = spec.minimum(k);
                double hi = spec.maximum(k);
                // stored as the cast of the double to the spec's dtype, as Tensor.of(double[]).to(dtype) would
                values.setDouble(i * n + k, spec.isDiscrete() ? lo + collectRng.nextLong((long) (hi - lo) + 1)
                        : lo + (hi - lo) * collectRng.nextDouble());
            }
        }
        randomActions.bumpVersion();
        return randomActions;
    }

    /**
     * {@code failure} restated as a divergence when updates have run and its message reports a NaN or infinite
     * value (a learning rate such as 1e30 leaves huge but finite parameters whose next forward pass overflows):
     * the message then names the training step, what failed and the largest parameter magnitude.
     */
    private RuntimeException divergedOr(IllegalArgumentException failure, String where) {
        String message = String.valueOf(failure.getMessage());
        if (trainSteps == 0 || !(message.contains("NaN") || message.contains("Infinity"))) {
            return failure;
        }
        double largest = 0;
        for (Tensor parameter : algorithm.trainedParameters()) {
            for (double value : parameter.toDoubleArray()) {
                largest = Math.max(largest, Math.abs(value));
            }
        }
        return NonFiniteLossException.divergedAt(trainSteps, where, message, largest);
    }

    /**
     * Stops the run when the update just made left any trained parameter NaN or infinite, screened exactly by each
     * parameter's backend ({@code Backend.allFinite}: on the CPU a scan of the storage in place, without allocating).
     */
    private void checkParametersFinite(LossInfo info) {
        List<Tensor> parameters = algorithm.trainedParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Tensor parameter = parameters.get(i);
            if (!parameter.backend().allFinite(parameter)) {
                StringBuilder terms = new StringBuilder();
                for (Map.Entry<String, Tensor> e : info.terms().entrySet()) {
                    terms.append(terms.length() == 0 ? "" : ", ").append(e.getKey()).append(" = ")
                            .append(e.getValue().item());
                }
                throw NonFiniteLossException.parametersAfterUpdate(trainSteps, terms.toString());
            }
        }
    }

    private void trainOnce() {
        SampledBatch batch = replay.sample(config.batchSize(), config.priorityBetaAt(envSteps), replayRng, lastBatch);
        lastBatch = batch;
        LossInfo info;
        try {
            info = algorithm.trainStep(batch, trainRng);
        } catch (IllegalArgumentException e) {
            throw divergedOr(e, "the train step");
        }
        info.checkFinite(trainSteps);
        algorithm.update(info);
        checkParametersFinite(info);
        algorithm.afterUpdate();
        if (batch.weighted() && info.priorities() == null) {
            throw new IllegalStateException("TrainerConfig.prioritizedReplay is on but "
                    + algorithm.getClass().getSimpleName() + " reports no per-sample priorities (LossInfo"
                    + ".priorities)");
        }
        replay.updatePriorities(batch, info.priorities());
        trainSteps++;
        if (events != null && config.summaryHistogramInterval() > 0
                && trainSteps % config.summaryHistogramInterval() == 0) {
            writeHistograms();
        }
        info.terms().forEach(accumulateTerm);
        info.metrics().forEach(accumulateMetric);
    }

    private void evaluateAndLog(MetricsWriter metrics, MetricsWriter timing, long startNanos, long startSteps) {
        Evaluation.Result eval = Evaluation.run(evalEnv, algorithm, seeds.evalSeedBase() + evaluations,
                config.numEvalEpisodes());
        evaluations++;
        lastEvalReturn = eval.meanReturn();
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("eval_return", eval.meanReturn());
        row.put("eval_length", eval.meanLength());
        putMean(row, "train_return", trainReturns);
        putMean(row, "train_length", trainLengths);
        for (Map.Entry<String, Accumulator> e : lossAccumulators.entrySet()) {
            putMean(row, e.getKey(), e.getValue());
        }
        metrics.write(envSteps, row);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> times = new LinkedHashMap<>();
        times.put("wall_seconds", previousWallSeconds + seconds);
        times.put("steps_per_second", seconds > 0 ? (envSteps - startSteps) / seconds : 0.0);
        timing.write(envSteps, times);
        if (events != null) {
            events.scalars("metrics", envSteps, row);
            events.scalars("timing", envSteps, times);
        }
        LOG.info("env steps {}: eval return {} (length {})", envSteps, eval.meanReturn(), eval.meanLength());
    }

    /** Histograms of every parameter and of its gradient (where the last update left one) at the current step. */
    private void writeHistograms() {
        Map<String, double[]> params = new LinkedHashMap<>();
        Map<String, double[]> grads = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : algorithm.namedParameters().entrySet()) {
            params.put(e.getKey(), e.getValue().toDoubleArray());
            Tensor grad = e.getValue().grad();
            if (grad != null) {
                grads.put(e.getKey(), grad.toDoubleArray());
            }
        }
        events.histograms("params", envSteps, params);
        events.histograms("grads", envSteps, grads);
    }

    private static void putMean(Map<String, Double> row, String key, Accumulator acc) {
        if (acc.count > 0) {
            row.put(key, acc.mean());
        }
        acc.reset();
    }

    private void saveCheckpoint() {
        if (lastCheckpointStep == envSteps) {
            return;
        }
        checkpointer.save(envSteps, stateDict());
        lastCheckpointStep = envSteps;
    }

    // ------------------------------------------------------------------ state

    /** The whole training state (see the class comment). */
    public StateDict stateDict() {
        if (!(env instanceof Stateful envState)) {
            throw new IllegalStateException("the training environment " + env.name() + " ("
                    + env.getClass().getName() + ") cannot be checkpointed: it does not implement Stateful");
        }
        StateDict s = new StateDict();
        if (configDigest != null) {
            s.putString("configDigest", configDigest);
        }
        s.putDict("algorithm", algorithm.stateDict());
        s.putDict("replay", replay.stateDict());
        s.putDict("env", envState.stateDict());
        // a copy: the environment overwrites the current time step's tensors two steps on (Environment's validity rule)
        TimeStep step = current.copy();
        s.putDict("timeStep", new StateDict()
                .putTensor("stepType", step.stepType())
                .putTensor("reward", step.reward())
                .putTensor("discount", step.discount())
                .putTensor("observation", step.observation())
                .putTensor("prevAction", step.prevAction())
                .putTensor("envId", step.envId()));
        s.putDict("rngs", new StateDict()
                .putLongs("collect", collectRng.state())
                .putLongs("replay", replayRng.state())
                .putLongs("train", trainRng.state()));
        s.putDict("counters", new StateDict()
                .putLong("envSteps", envSteps)
                .putLong("trainSteps", trainSteps)
                .putLong("evaluations", evaluations)
                .putDouble("lastEvalReturn", lastEvalReturn)
                .putDouble("wallSeconds", previousWallSeconds + (System.nanoTime() - sessionStartNanos) / 1e9));
        StateDict acc = new StateDict()
                .putDoubles("episodeReturn", episodes.returns())
                .putLongs("episodeLength", episodes.lengths())
                .putDoubles("trainReturns", trainReturns.state())
                .putDoubles("trainLengths", trainLengths.state());
        for (Map.Entry<String, Accumulator> e : lossAccumulators.entrySet()) {
            acc.putDoubles("metric." + e.getKey(), e.getValue().state());
        }
        s.putDict("accumulators", acc);
        return s;
    }

    /**
     * Restores {@link #stateDict()} of the checkpoint {@code loaded}; refuses it when it was written under another
     * configuration (see {@link #trackConfiguration}), and fails naming the field and the file when a field is
     * missing or does not fit.
     */
    private void loadStateDict(Checkpointer.Loaded loaded) {
        StateDict s = loaded.state();
        if (configDigest != null && s.has("configDigest") && !configDigest.equals(s.string("configDigest"))) {
            throw new CheckpointRefusedException("the run's configuration " + configFile + " was edited after "
                    + "checkpoint " + loaded.path() + " was written (SHA-256 then " + s.string("configDigest")
                    + ", now " + configDigest + "): a resume continues a run exactly as configured; restore the file "
                    + "or start a new run with the new settings");
        }
        StateDict counters = s.dict("counters");
        long savedSteps = counters.getLong("envSteps");
        if (savedSteps != loaded.step()) {
            throw counters.error("envSteps", "is " + savedSteps + ", but the checkpoint is of step " + loaded.step());
        }
        if (!(env instanceof Stateful envState)) {
            throw new IllegalStateException("the training environment " + env.name() + " cannot be restored");
        }
        algorithm.loadStateDict(s.dict("algorithm"));
        replay.loadStateDict(s.dict("replay"));
        envState.loadStateDict(s.dict("env"));
        StateDict step = s.dict("timeStep");
        current = new TimeStep(step.tensor("stepType"), step.tensor("reward"), step.tensor("discount"),
                step.tensor("observation"), step.tensor("prevAction"), step.tensor("envId"));
        StateDict rngs = s.dict("rngs");
        collectRng.setState(rngs.longs("collect"));
        replayRng.setState(rngs.longs("replay"));
        trainRng.setState(rngs.longs("train"));
        envSteps = savedSteps;
        trainSteps = counters.getLong("trainSteps");
        evaluations = counters.getLong("evaluations");
        lastEvalReturn = counters.getDouble("lastEvalReturn");
        previousWallSeconds = counters.getDouble("wallSeconds");
        lastCheckpointStep = envSteps;
        StateDict acc = s.dict("accumulators");
        episodes.restore(acc.doubles("episodeReturn"), acc.longs("episodeLength"));
        trainReturns.load(acc.doubles("trainReturns"));
        trainLengths.load(acc.doubles("trainLengths"));
        for (Map.Entry<String, Accumulator> e : lossAccumulators.entrySet()) {
            e.getValue().load(acc.doubles("metric." + e.getKey()));
        }
    }

    /** A running sum and count, reset after each metrics row. */
    private static final class Accumulator {
        private double sum;
        private long count;

        void add(double v) {
            sum += v;
            count++;
        }

        double mean() {
            return sum / count;
        }

        void reset() {
            sum = 0;
            count = 0;
        }

        double[] state() {
            return new double[] {sum, count};
        }

        void load(double[] s) {
            sum = s[0];
            count = (long) s[1];
        }
    }
}
