#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU and the driver but no Maven and maybe no JDK (the device tool's
# machine). Builds nothing: runs the jlink'ed runtime and the jars that scripts/gpu-pack.sh put in .gpu-pack/.
# Every log goes under $OUT (or .gpu-out/ when OUT is unset):
#   nvidia-smi.txt      the GPU, driver and CUDA version
#   junit/ junit.txt    the CUDA conformance suites and the cuda module's GPU tests (JUnit console launcher)
#   sac-update.txt      one SAC update (sample, losses, backward, three Adam steps, Polyak) on cuda and on cpu:
#                       batch 256 with 256-256 networks, batch 1024 with 1024-1024 networks
#   pendulum/ pendulum.txt  a 20,000-step SAC Pendulum-v1 run with TrainerConfig.device = cuda: networks, optimizer
#                       state and updates on the GPU, environments and replay on the CPU (configs/sac_pendulum.conf)
#   summary.txt         one line per step with its exit status and wall time
# Usage: scripts/gpu-check.sh [STAGE...] with stages tests, bench, pendulum (default: all three). The device tool
# allows 10 minutes a command, so docs/cuda.md runs `tests bench` and `pendulum` as two calls.
# PENDULUM_STEPS=N shortens the Pendulum run (default 20000). GPU_CHECK_QUICK=1 shrinks every step to a smoke test (for trying the script on a machine without a GPU).
set -uo pipefail
stages="${*:-tests bench pendulum}"
wants() { [[ " $stages " == *" $1 "* ]]; }
root="$(cd "$(dirname "$0")/.." && pwd)"
pack="$root/.gpu-pack"
out="${OUT:-$root/.gpu-out}"
quick="${GPU_CHECK_QUICK:-0}"
mkdir -p "$out"
java="$pack/jre/bin/java"
if [ ! -x "$java" ]; then
  echo "gpu-check: $java is missing: run scripts/gpu-pack.sh on the build machine and carry .gpu-pack" >&2
  exit 2
fi
flags=(--add-modules jdk.incubator.vector -Xss8m -Djava.awt.headless=true)
cp="$pack/lib/*"
summary="$out/summary.txt"
touch "$summary"

step() {  # step NAME LOG COMMAND...: runs COMMAND with its output in LOG, records status and seconds
  local name="$1" log="$2"
  shift 2
  local start=$SECONDS
  "$@" > "$log" 2>&1
  local code=$?
  echo "$name exit=$code seconds=$((SECONDS - start))" | tee -a "$summary"
}

step nvidia-smi "$out/nvidia-smi.txt" nvidia-smi

wants tests && step conformance "$out/junit.txt" "$java" "${flags[@]}" -jar "$pack/test/junit-platform-console-standalone.jar" \
  execute --disable-banner --details=tree --reports-dir="$out/junit" \
  --class-path "$pack/test/alf-backend-cuda-tests.jar:$pack/test/alf-core-tests.jar:$(echo "$pack"/lib/*.jar | tr ' ' ':')" \
  --select-class alf.tensor.CudaBackendConformanceTest --select-class alf.tensor.CudaAutogradConformanceTest \
  --select-package alf.tensor.cuda

timing() {  # timing BACKEND BATCH HIDDEN WARMUP ITERATIONS
  if [ "$quick" = 1 ]; then set -- "$1" "$2" "$3" 2 10; fi
  "$java" "${flags[@]}" -cp "$cp" alf.benchmarks.SacUpdateTiming "$@"
}
wants bench && : > "$out/sac-update.txt" && for backend in cuda cpu; do
  step "sac-update-$backend-256" "$out/sac-update-$backend-256.txt" timing "$backend" 256 256 200 1000
  step "sac-update-$backend-1024" "$out/sac-update-$backend-1024.txt" timing "$backend" 1024 1024 50 200
  cat "$out/sac-update-$backend-256.txt" "$out/sac-update-$backend-1024.txt" | grep '^sac-update' \
    | tee -a "$out/sac-update.txt" "$summary"
done

wants pendulum || exit 0
steps="${PENDULUM_STEPS:-20000}"
[ "$quick" = 1 ] && steps=1200
rm -rf "$out/pendulum"
step "pendulum-cuda-$steps" "$out/pendulum.txt" "$java" "${flags[@]}" -cp "$cp" \
  alf.experiments.Alf train "$root/configs/sac_pendulum.conf" --run-dir "$out/pendulum" --quiet \
  --param "TrainerConfig.numEnvSteps=$steps" --param 'TrainerConfig.device="cuda"'
# the pack's runtime has no AWT, so the run's final plot fails after metrics.csv is complete: report from the file
if [ -f "$out/pendulum/metrics.csv" ]; then
  echo "pendulum final row: $(tail -1 "$out/pendulum/metrics.csv")" | tee -a "$summary"
  echo "pendulum columns:   $(head -1 "$out/pendulum/metrics.csv")" | tee -a "$summary"
fi
if [ -f "$out/pendulum/timing.csv" ]; then
  echo "pendulum timing:    $(head -1 "$out/pendulum/timing.csv")" | tee -a "$summary"
  echo "                    $(tail -1 "$out/pendulum/timing.csv")" | tee -a "$summary"
fi
