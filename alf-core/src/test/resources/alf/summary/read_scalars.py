"""Prints every scalar TensorBoard's EventAccumulator reads from a run directory, one `tag step value` per line.

Used by TensorBoardWriterTest (skipped where the tensorboard package is not importable).
Run: python3 read_scalars.py RUN_DIR
"""
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

acc = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0, "histograms": 0})
acc.Reload()
for tag in sorted(acc.Tags()["scalars"]):
    for e in acc.Scalars(tag):
        print(tag, e.step, repr(e.value))
for tag in sorted(acc.Tags()["histograms"]):
    for e in acc.Histograms(tag):
        print("histogram", tag, e.step, repr(e.histogram_value.num))
