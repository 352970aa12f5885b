package alf.spark;

import alf.experiments.sweep.ClusterTrialRunner;
import alf.experiments.sweep.Trial;
import alf.experiments.sweep.TrialStatus;
import alf.trainers.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.Tuple2;

/**
 * Runs each trial of a sweep as one Spark task ({@link TrialOnExecutor}), on {@code local[N]} or a cluster, with the
 * trials' run directories landing under the output location (a local path or any Hadoop FileSystem URI).
 *
 * <p>A failed attempt is retried by Spark ({@code spark.task.maxFailures}, default {@value #DEFAULT_ATTEMPTS}
 * attempts; a plain {@code local[N]} master becomes {@code local[N,4]}, since local mode retries nothing otherwise)
 * and resumes from the checkpoints the failed attempt uploaded. A trial whose every attempt failed is reported by name
 * with its error once all the others have finished. After the run the mirror receives, for every finished trial, the
 * files the report reads ({@code metrics.csv}, {@code timing.csv}, {@code operative.conf}).
 */
final class SparkTrialRunner implements ClusterTrialRunner {
    static final int DEFAULT_ATTEMPTS = 4;
    private static final Pattern LOCAL_N = Pattern.compile("local\\[(\\d+|\\*)]");
    private static final List<String> REPORT_INPUTS = List.of("metrics.csv", "timing.csv", "operative.conf");

    private final JavaSparkContext spark;
    private final String output;
    private final Path mirror;
    private final Consumer<String> log;
    private final int maxAttempts;

    SparkTrialRunner(String master, String output, Path mirror, Consumer<String> log) {
        this.output = output;
        this.mirror = mirror;
        this.log = log;
        quietSparkLogs();
        SparkConf conf = new SparkConf().setAppName("alf sweep").setMaster(withLocalRetries(master))
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.task.maxFailures", Integer.toString(DEFAULT_ATTEMPTS))
                // one trial per task at a time, however many cores an executor has; the trial uses them itself
                .setIfMissing("spark.task.cpus", "1")
                .setIfMissing("spark.executor.extraJavaOptions", ExecutorJvm.OPTIONS);
        List<String> jars = ExecutorJvm.jarsToShip();
        if (!master.startsWith("local") && !jars.isEmpty()) {
            conf.setJars(jars.toArray(String[]::new));
        }
        this.maxAttempts = conf.getInt("spark.task.maxFailures", DEFAULT_ATTEMPTS);
        this.spark = new JavaSparkContext(conf);
    }

    /**
     * Spark, Hadoop and Jetty log at INFO through slf4j-simple, line after line per task: keep their warnings only,
     * unless the user chose levels with {@code -Dorg.slf4j.simpleLogger.log.<package>=...}.
     */
    private static void quietSparkLogs() {
        for (String logger : List.of("org.apache.spark", "org.apache.hadoop", "org.sparkproject")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /** {@code local[N]} → {@code local[N,attempts]}: local mode only retries a failed task with the second number. */
    static String withLocalRetries(String master) {
        Matcher m = LOCAL_N.matcher(master);
        return m.matches() ? "local[" + m.group(1) + "," + DEFAULT_ATTEMPTS + "]" : master;
    }

    @Override
    public Map<Trial, TrialStatus> run(List<Trial> trials, long totalSteps, ProgressListener progress) {
        List<Tuple2<Integer, TrialTask>> tasks = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            tasks.add(new Tuple2<>(i, TrialTask.of(trials.get(i), mirror)));
        }
        Listener listener = new Listener(trials, totalSteps, progress);
        spark.sc().addSparkListener(listener);
        List<TrialOutcome> outcomes;
        try {
            String out = output;
            int attempts = maxAttempts;
            JavaRDD<Tuple2<Integer, TrialTask>> rdd = spark.parallelize(tasks, Math.max(1, tasks.size()));
            outcomes = rdd.map(t -> TrialOnExecutor.run(t._1(), t._2(), out, attempts)).collect();
        } finally {
            spark.sc().removeSparkListener(listener);
        }
        Map<Trial, TrialStatus> statuses = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Configuration hadoop = spark.hadoopConfiguration();
        for (TrialOutcome o : outcomes) {
            Trial trial = trials.get(o.index());
            if (o.error() != null) {
                failures.add(trial.name() + " (" + tasks.get(o.index())._2().relativeDir() + ", " + maxAttempts
                        + " attempts): " + o.error());
                continue;
            }
            statuses.put(trial, o.status());
            new RunDirectorySync(trial.runDir(), output, tasks.get(o.index())._2().relativeDir(), hadoop, "driver")
                    .downloadFiles(REPORT_INPUTS);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + trials.size() + " trial(s) failed:\n  "
                    + String.join("\n  ", failures));
        }
        return statuses;
    }

    @Override
    public void publish(List<Path> files) {
        new RunDirectorySync(mirror, output, "", spark.hadoopConfiguration(), "driver").uploadFiles(files);
    }

    @Override
    public void close() {
        spark.close();
    }

    /** Logs task starts, retries and ends by trial name, and moves the progress bar as trials finish. */
    private final class Listener extends SparkListener {
        private final List<Trial> trials;
        private final long totalSteps;
        private final ProgressListener progress;
        private final AtomicInteger finished = new AtomicInteger();

        Listener(List<Trial> trials, long totalSteps, ProgressListener progress) {
            this.trials = trials;
            this.totalSteps = totalSteps;
            this.progress = progress;
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            int index = start.taskInfo().index();
            log.accept("started" + (start.taskInfo().attemptNumber() > 0 ? " (attempt "
                    + (start.taskInfo().attemptNumber() + 1) + ")" : "") + ": " + trials.get(index).name()
                    + " on executor " + start.taskInfo().executorId());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            int index = end.taskInfo().index();
            if (end.taskInfo().successful()) {
                int n = finished.incrementAndGet();
                log.accept("ended: " + trials.get(index).name());
                progress.onProgress(totalSteps * n / trials.size(), totalSteps, Double.NaN);
            } else if (end.reason() instanceof TaskFailedReason reason) {
                String text = reason.toErrorString();
                int newline = text.indexOf('\n');
                log.accept("attempt " + (end.taskInfo().attemptNumber() + 1) + " of " + trials.get(index).name()
                        + " failed (Spark retries it, resuming from its checkpoints): "
                        + (newline < 0 ? text : text.substring(0, newline)));
            }
        }
    }
}
