#!/usr/bin/env bash
# Runs a small sweep on a real Spark standalone cluster on this machine (a master and two workers on 127.0.0.1,
# started from spark-core's own Master/Worker classes), kills one worker while the trials run, and checks that every
# trial still completes with byte-identical metrics.csv to the thread-pool runner. Bounded in time; stops and removes
# everything it started, whatever happens.
#
# Usage: alf-spark/scripts/standalone_cluster_check.sh     (builds the project first if needed; about 3-5 minutes
#                                                           on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lib="$root/alf-spark/target/lib"
spark_jar="$root/alf-spark/target/alf-spark.jar"
if [ ! -f "$spark_jar" ] || [ ! -d "$lib" ]; then
  (cd "$root" && mvn -q -B -ntp -DskipTests package)
fi
work="$(mktemp -d /tmp/alf-spark-cluster.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -9 -- "-$pid" 2>/dev/null || true   # each daemon was started in its own process group (setsid)
  done
  rm -rf "$work"
}
trap cleanup EXIT

opens=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false)
for pkg in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
           java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done
cp="$spark_jar:$lib/*"

# A Spark "installation" for the workers: they start executors with SPARK_HOME/jars/* on the class path (a RELEASE
# file marks a distribution; SPARK_SCALA_VERSION spares the launcher from looking for build directories)
mkdir -p "$work/spark-home/jars"
touch "$work/spark-home/RELEASE"
ln -s "$lib"/*.jar "$spark_jar" "$work/spark-home/jars/"
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$work/local"

port=$(( 20000 + RANDOM % 20000 ))
master="spark://127.0.0.1:$port"
setsid java "${opens[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
disown $!
for _ in $(seq 60); do
  grep -q "I have been elected leader" "$work/master.log" && break
  sleep 1
done
grep -q "I have been elected leader" "$work/master.log" || { cat "$work/master.log"; echo "master did not start"; exit 1; }
for w in 1 2; do
  setsid java "${opens[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 2g --work-dir "$work/worker-$w" --webui-port 0 "$master" >"$work/worker-$w.log" 2>&1 &
  pids+=($!)
  disown $!
done
for _ in $(seq 60); do
  [ "$(grep -l "Successfully registered with master" "$work"/worker-*.log 2>/dev/null | wc -l)" -eq 2 ] && break
  sleep 1
done
echo "cluster: master $master, workers $(grep -l "Successfully registered" "$work"/worker-*.log | wc -l)"

# The sweep: 2 combinations x 2 seeds of a small SAC Pendulum run, checkpoints every 200 steps
cat >"$work/base.conf" <<'CONF'
Environment { name = "Pendulum-v1", numEnvs = 1, numThreads = 1 }
TrainerConfig {
  numEnvSteps = 1200, initialCollectSteps = 100, batchSize = 32, replayCapacity = 2000, evalInterval = 300
  numEvalEpisodes = 1, checkpointInterval = 200, keepCheckpoints = 2, seed = 0
}
SacAlgorithm {
  actorHiddenSizes = [16, 16], criticHiddenSizes = [16, 16]
  actorOptimizer = { class = Adam, lr = 1e-3, scope = actor }
  criticOptimizer = { class = Adam, lr = 1e-3, scope = critic }
  alphaOptimizer = { class = Adam, lr = 1e-3, scope = alpha }
}
CONF
cat >"$work/sweep.conf" <<'CONF'
Sweep {
  base = "base.conf"
  grid { "SacAlgorithm.gamma" = [0.9, 0.99] }
  seeds = [1, 2]
}
CONF

ALF_JAVA_OPTS="-Dalf.spark.shipJars=false" timeout 600 "$root/alf" sweep --conf "$work/sweep.conf" \
  --master "$master" --out "$work/spark" >"$work/sweep.log" 2>&1 &
sweep=$!
# kill worker 1 (and its executor) as soon as a trial has landed a checkpoint
for _ in $(seq 300); do
  if compgen -G "$work/spark/*/seed-*/checkpoints/*.safetensors" >/dev/null || ! kill -0 "$sweep" 2>/dev/null; then
    break
  fi
  sleep 1
done
echo "killing worker 1 mid-sweep"
kill -9 -- "-${pids[1]}" 2>/dev/null || true
status=0
wait "$sweep" || status=$?
grep -E "started|failed|ended|trial" "$work/sweep.log" || true
if [ "$status" -ne 0 ]; then
  tail -30 "$work/sweep.log"
  for f in "$work"/worker-*.log "$work"/worker-*/app-*/*/stderr; do
    [ -f "$f" ] && { echo "== $f"; grep -v "^\s*at " "$f" | tail -15; }
  done
  echo "the sweep on the cluster failed ($status)"
  exit 1
fi

timeout 600 "$root/alf" sweep --conf "$work/sweep.conf" --parallel 2 --out "$work/pool" --quiet >/dev/null
passed=0
failed=0
for ref in "$work"/pool/*/seed-*/metrics.csv; do
  rel="${ref#"$work"/pool/}"
  if cmp -s "$ref" "$work/spark/$rel"; then
    passed=$((passed + 1))
  else
    echo "DIFFERENT: $rel"
    failed=$((failed + 1))
  fi
done
grep -q "attempt" "$work/sweep.log" && echo "a task was retried after the worker was killed" \
  || echo "note: no task attempt failed (the killed worker had no trial left)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -eq 4 ]
