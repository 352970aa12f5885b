#!/usr/bin/env bash
# One SAC update, ALF for Java (JMH SacUpdateBenchmark) against PyTorch eager (benchmarks/pytorch/sac_update.py),
# run alternately on this machine: each round times ALF (SacAlgorithm.capture = true, the default) with the GEMM on
# 1 and 2 threads, then PyTorch with 1 and 2 intra-op threads, for each (obs, act) shape; it prints every figure,
# each side's best thread count and the ratio PyTorch / ALF (above 1: ALF is faster), per round and as the median.
#
# Usage: benchmarks/compare-sac-update.sh [ROUNDS] [SHAPES]      e.g.  benchmarks/compare-sac-update.sh 3 "3x1 17x6"
# Needs python3 with torch (Debian: apt-get install python3-torch). Debian's torch calls the system BLAS; like the
# measurements in issue 12, this script puts the OpenBLAS of the bytedeco jar the project already resolves in front
# (LD_LIBRARY_PATH) when the jar is in the local Maven repository, and says which BLAS it used.
# Environment: ALF_JMH_OPTS (default "-f 1 -wi 5 -i 5 -w 2s -r 2s": the Vector API kernels are slow until
# compiled), TORCH_ITERS (updates per timed repeat, default 200), TORCH_REPEATS (default 5; the median counts),
# PYTHON (default: the first of python3 and /usr/bin/python3 that imports torch — Debian's package lives in the
# system interpreter).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SHAPES=${2:-"3x1 17x6"}
JMH_OPTS=${ALF_JMH_OPTS:-"-f 1 -wi 5 -i 5 -w 2s -r 2s"}
TORCH_ITERS=${TORCH_ITERS:-200}
TORCH_REPEATS=${TORCH_REPEATS:-5}
JAR=benchmarks/target/benchmarks.jar
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

if [[ -z ${PYTHON:-} ]]; then
    for candidate in python3 /usr/bin/python3; do
        if "$candidate" -c "import torch" 2>/dev/null; then PYTHON=$candidate; break; fi
    done
fi
[[ -n ${PYTHON:-} ]] || { echo "no python3 imports torch (apt-get install python3-torch, or set PYTHON)" >&2; exit 1; }
if [[ ! -f $JAR ]]; then
    mvn -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi

BLAS_NOTE="system BLAS"
OPENBLAS_JAR=$(ls ~/.m2/repository/org/bytedeco/openblas/*/openblas-*-linux-x86_64.jar 2>/dev/null | head -n 1 || true)
if [[ -n $OPENBLAS_JAR ]]; then
    (cd "$WORK" && unzip -qo "$OPENBLAS_JAR" 'org/bytedeco/openblas/linux-x86_64/*.so*')
    LIBS="$WORK/org/bytedeco/openblas/linux-x86_64"
    ln -sf libopenblas.so.0 "$LIBS/libblas.so.3"
    ln -sf libopenblas.so.0 "$LIBS/liblapack.so.3"
    export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    BLAS_NOTE="OpenBLAS from $(basename "$OPENBLAS_JAR")"
fi

RESULTS="$WORK/results.txt"
for round in $(seq 1 "$ROUNDS"); do
    for shape in $SHAPES; do
        obs=${shape%x*}
        act=${shape#*x}
        # shellcheck disable=SC2086
        java --add-modules jdk.incubator.vector -jar "$JAR" 'SacUpdateBenchmark.update$' $JMH_OPTS \
            -p shape="$shape" -p gemmThreads=1,2 -p capture=true -rf json -rff "$WORK/jmh.json" > "$WORK/jmh.log" 2>&1 \
            || { cat "$WORK/jmh.log" >&2; exit 1; }
        python3 - "$WORK/jmh.json" "$round" "$shape" >> "$RESULTS" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    print(sys.argv[2], sys.argv[3], "alf", r["params"]["gemmThreads"], r["primaryMetric"]["score"])
PY
        for threads in 1 2; do
            line=$(OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "$PYTHON" benchmarks/pytorch/sac_update.py \
                --threads "$threads" --obs "$obs" --act "$act" --iters "$TORCH_ITERS" --repeats "$TORCH_REPEATS")
            ms=$(sed -n 's/.*ms_per_update=\([0-9.]*\).*/\1/p' <<< "$line")
            echo "$round $shape pytorch $threads $ms" >> "$RESULTS"
        done
        grep "^$round $shape " "$RESULTS" | awk '{printf "round %s  %-5s %-8s %s thread(s)  %.3f ms\n", $1, $2, $3, $4, $5}'
    done
done

python3 - "$RESULTS" "$BLAS_NOTE" "$(nproc)" <<'PY'
import collections, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
best = collections.defaultdict(dict)  # (shape, round) -> side -> (ms, threads)
for rnd, shape, side, threads, ms in rows:
    ms = float(ms)
    cur = best[(shape, rnd)].get(side)
    if cur is None or ms < cur[0]:
        best[(shape, rnd)][side] = (ms, threads)
print()
print("SAC update, batch 256, twin 256-256 critics; PyTorch with %s; %s CPU(s) visible" % (sys.argv[2], sys.argv[3]))
print("%-6s %-6s %-22s %-22s %s" % ("shape", "round", "ALF ms (threads)", "PyTorch ms (threads)", "PyTorch/ALF"))
for shape in dict.fromkeys(r[1] for r in rows):
    ratios = []
    for (s, rnd), sides in best.items():
        if s != shape:
            continue
        (a, at), (p, pt) = sides["alf"], sides["pytorch"]
        ratios.append(p / a)
        print("%-6s %-6s %-22s %-22s %.2f" % (shape, rnd, "%.3f (%s)" % (a, at), "%.3f (%s)" % (p, pt), p / a))
    print("%-6s median ratio over %d round(s): %.2fx" % (shape, len(ratios), statistics.median(ratios)))
PY
