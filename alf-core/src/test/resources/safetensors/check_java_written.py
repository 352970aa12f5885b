#!/usr/bin/env python3
"""Checks that safetensors files written by ALF (Java) load in PyTorch with the right values.

    mvn -B -ntp -q -o -pl alf-core test-compile
    JACKSON=$(find ~/.m2/repository/com/fasterxml/jackson/core -name '*2.18.2.jar' | tr '\n' ':')
    java --add-modules jdk.incubator.vector -cp alf-core/target/test-classes:alf-core/target/classes:$JACKSON \
         alf.io.WriteJavaSafetensors /tmp/alf-st
    /usr/bin/python3 alf-core/src/test/resources/safetensors/check_java_written.py /tmp/alf-st

The reader below applies the checks of the reference safetensors reader (Rust crate, `SafeTensors::deserialize`):
header length <= 100,000,000, UTF-8 JSON header starting with '{', data_offsets sorted by offset tiling the data buffer
from 0 to the end of the file with no gap or overlap, and each span equal to numel * element size. The `safetensors`
Python package is not in Debian, so this is that rule set written out; the tensors are then built by PyTorch itself
(torch.frombuffer) and compared with the PyTorch-written reference files next to this script:

  java_mlp.safetensors    load_state_dict(strict=True) into the torch model of gen_safetensors.py; the forward output
                          must equal the recorded PyTorch output, the tensors the PyTorch-written ones bit for bit
  java_dtypes.safetensors every dtype must equal torch_dtypes.safetensors bit for bit (NaN and -0.0 included)
"""
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "BOOL": torch.bool}
SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "BOOL": 1}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: header too small")
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000 or 8 + n > len(data):
        raise ValueError(f"{path}: invalid header length {n}")
    text = data[8:8 + n].decode("utf-8")
    if not text.startswith("{"):
        raise ValueError(f"{path}: header does not start with '{{'")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{path}: duplicate keys in {keys}")
        return dict(pairs)

    header = json.loads(text, object_pairs_hook=no_duplicates)
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise ValueError(f"{path}: __metadata__ must map strings to strings")
    buffer = data[8 + n:]
    start = 0
    tensors = {}
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"])):
        s, e = info["data_offsets"]
        if s != start or e < s:
            raise ValueError(f"{path}: invalid offsets for {name}: {info['data_offsets']}, expected start {start}")
        numel = 1
        for d in info["shape"]:
            numel *= d
        if e - s != numel * SIZES[info["dtype"]]:
            raise ValueError(f"{path}: {name} spans {e - s} bytes, needs {numel * SIZES[info['dtype']]}")
        start = e
        raw = bytearray(buffer[s:e])
        dtype = DTYPES[info["dtype"]]
        if numel == 0:
            t = torch.empty(info["shape"], dtype=dtype)
        else:
            t = torch.frombuffer(raw, dtype=dtype).reshape(info["shape"])
        tensors[name] = t
    if start != len(buffer):
        raise ValueError(f"{path}: metadata covers {start} bytes of a {len(buffer)}-byte buffer")
    return tensors, metadata


def bits(t):
    """The raw bit patterns, so NaN == NaN and -0.0 != 0.0."""
    if t.dtype in (torch.float16, torch.bfloat16):
        return t.view(torch.int16)
    if t.dtype == torch.float32:
        return t.view(torch.int32)
    if t.dtype == torch.float64:
        return t.view(torch.int64)
    return t


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(bits(a), bits(b))


def main(out_dir):
    reference = json.load(open(os.path.join(HERE, "torch_reference.json")))
    failures = []

    torch_state, _ = read_safetensors(os.path.join(HERE, "torch_mlp.safetensors"))
    java_state, meta = read_safetensors(os.path.join(out_dir, "java_mlp.safetensors"))
    print("java_mlp.safetensors:", sorted(java_state), "metadata", meta)
    mlp = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                              torch.nn.Linear(8, 2))
    mlp.load_state_dict(java_state, strict=True)
    for k, v in torch_state.items():
        if not same(v, java_state[k]):
            failures.append(f"mlp tensor {k} differs")
    x = torch.tensor(reference["mlp"]["input"]["data"], dtype=torch.float32).reshape(reference["mlp"]["input"]["shape"])
    expected = torch.tensor(reference["mlp"]["output"]["data"], dtype=torch.float32)
    with torch.no_grad():
        y = mlp(x).reshape(-1)
    if not torch.equal(y, expected):
        failures.append(f"forward differs: max abs diff {float((y - expected).abs().max())}")

    torch_dtypes, _ = read_safetensors(os.path.join(HERE, "torch_dtypes.safetensors"))
    java_dtypes, meta = read_safetensors(os.path.join(out_dir, "java_dtypes.safetensors"))
    print("java_dtypes.safetensors:", {k: str(v.dtype) for k, v in java_dtypes.items()}, "metadata", meta)
    if sorted(torch_dtypes) != sorted(java_dtypes):
        failures.append(f"dtype file keys differ: {sorted(java_dtypes)}")
    for k, v in torch_dtypes.items():
        if k in java_dtypes and not same(v, java_dtypes[k]):
            failures.append(f"dtype tensor {k} differs: torch {v} vs java {java_dtypes[k]}")

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("OK: Java-written files load in PyTorch", torch.__version__, "with identical values")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_java_written.py DIR_WITH_JAVA_FILES")
    main(sys.argv[1])
