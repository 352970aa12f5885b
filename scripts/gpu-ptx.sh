#!/usr/bin/env bash
# Regenerates the cuda backend's PTX from its CUDA C++ sources:
#   alf-backend-cuda/src/main/cuda/alf_kernels.cu → alf-backend-cuda/src/main/resources/alf/tensor/cuda/alf_kernels.ptx
#
# Target: virtual architecture compute_75 (Turing and every later GPU, the H200's sm_90 included; nvcc 13 supports
# nothing older). nvcc 13.0 stamps its PTX ".version 9.0", which only CUDA 13.0 drivers JIT; the kernels use no
# instruction newer than PTX ISA 8.0 (CUDA 12.0, the toolkit JCuda 12.0.0 is built for), so the header is lowered to
# 8.0 and ptxas then assembles the result at that ISA, which proves the claim (it rejects an instruction the declared
# version lacks). Drivers from CUDA 12.0 on can therefore load the module.
#
# Usage: scripts/gpu-ptx.sh [output.ptx]   (default: the committed resource). Needs nvcc and ptxas on the PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/alf-backend-cuda/src/main/cuda/alf_kernels.cu"
out="${1:-$root/alf-backend-cuda/src/main/resources/alf/tensor/cuda/alf_kernels.ptx}"
arch=compute_75
isa=8.0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
nvcc -ptx -arch="$arch" -O3 -std=c++17 "$src" -o "$tmp/raw.ptx"
sed -E "s/^\.version [0-9]+\.[0-9]+$/.version $isa/" "$tmp/raw.ptx" > "$tmp/out.ptx"
grep -q "^\.version $isa$" "$tmp/out.ptx" || { echo "gpu-ptx: no .version line in nvcc's output" >&2; exit 1; }
ptxas -arch=sm_75 "$tmp/out.ptx" -o "$tmp/check.cubin"
mkdir -p "$(dirname "$out")"
cp "$tmp/out.ptx" "$out"
echo "gpu-ptx: wrote $out (PTX ISA $isa, $arch, $(wc -c < "$out") bytes)"
