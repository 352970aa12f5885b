#!/usr/bin/env bash
# Prepares .gpu-pack/ (git-ignored) for scripts/gpu-check.sh on a GPU machine that has no Maven Central and maybe
# no JDK: a jlink'ed Java runtime, the runtime jars of the `alf` CLI and of the SAC update timing (without the nd4j
# stack, which the check does not use), the test jars of the CUDA suites and the JUnit console launcher.
# Checks that the working tree plus the pack fit the device tool's 64 MiB and prints the `carry` list.
#
# Usage: scripts/gpu-pack.sh [--no-build]   (builds with `mvn -Pbenchmarks -DskipTests package` unless told not to)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pack="$root/.gpu-pack"
limit=$((64 * 1024 * 1024))
cd "$root"
if [ "${1:-}" != "--no-build" ]; then
  mvn -B -ntp -q -Pbenchmarks -DskipTests package
fi
rm -rf "$pack"
mkdir -p "$pack/lib" "$pack/test"

# runtime jars: the project's modules and their libraries, minus the nd4j backend and its native stack
lib="$root/experiments/target/lib"
keep='^(alf-core|alf-backend-cuda|algorithms|environments)-.*\.jar$|^(config|jackson-annotations|jackson-core|jackson-databind|jfreechart|picocli|progressbar|jline-native|jline-terminal|slf4j-api|slf4j-simple)-[0-9].*\.jar$|^(jcuda|jcublas)(-natives)?-.*\.jar$'
for f in "$lib"/*.jar; do
  if basename "$f" | grep -Eq "$keep"; then
    cp "$f" "$pack/lib/"
  fi
done
cp "$root/experiments/target/alf.jar" "$pack/lib/"
cp "$root"/benchmarks/target/benchmarks-*-SNAPSHOT.jar "$pack/lib/benchmarks.jar"

# test jars: alf-core's shared suites and the cuda module's tests, and the JUnit console launcher
cp "$root"/alf-core/target/alf-core-*-tests.jar "$pack/test/alf-core-tests.jar"
jar cf "$pack/test/alf-backend-cuda-tests.jar" -C "$root/alf-backend-cuda/target/test-classes" .
platform="$(sed -n 's:.*<junit-platform.version>\(.*\)</junit-platform.version>.*:\1:p' "$root/pom.xml")"
mvn -B -ntp -q dependency:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
  -DoutputDirectory="$pack/test" -Dmdep.stripVersion=true

# JCuda's natives jar also holds the 24 MB PTX-compiler binding, which the backend never loads: left out
natives="$(ls "$pack"/lib/jcuda-natives-*.jar)"
mkdir -p "$pack/natives" && (cd "$pack/natives" && jar xf "$natives" && rm -f lib/libJNvPTXCompiler-*.so \
  && jar cf "$natives" .) && rm -rf "$pack/natives"

# the Java runtime: the JDK modules the run and the tests use, plus the Vector API. Not java.desktop (AWT, 10 MB):
# the pack would exceed 64 MiB, so `alf train` trains and writes metrics.csv but cannot draw its final plot there.
modules="java.base,java.logging,java.management,java.xml,jdk.unsupported,jdk.zipfs,jdk.incubator.vector"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$pack/jre"

tree=$(git -C "$root" ls-files -z | xargs -0 du -cb | tail -1 | cut -f1)
packed=$(du -sb "$pack" | cut -f1)
total=$((tree + packed))
echo "gpu-pack: runtime modules $modules"
echo "gpu-pack: working tree $((tree / 1024)) KiB + pack $((packed / 1024)) KiB = $((total / 1024)) KiB (limit $((limit / 1024)) KiB)"
if [ "$total" -gt "$limit" ]; then
  echo "gpu-pack: too large for the device tool's 64 MiB" >&2
  du -sh "$pack"/* >&2
  exit 1
fi
echo 'gpu-pack: carry ["'.gpu-pack'"], command: bash scripts/gpu-check.sh'
