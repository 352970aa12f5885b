"""Writes golden TFRecord-framed events with TensorBoard's own Python writer, for TensorBoardWriterTest.

Run: PYTHONPATH=<a directory with the tensorboard package> python3 make_golden_records.py > golden_records.txt
Each output line is `name hex`, the exact bytes TensorBoard's RecordWriter writes for one event.
"""
import io

from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.summary.writer.record_writer import RecordWriter


def framed(event):
    buf = io.BytesIO()
    RecordWriter(buf).write(event.SerializeToString())
    return buf.getvalue().hex()


header = event_pb2.Event(wall_time=1.5, file_version="brain.Event:2")
scalar = event_pb2.Event(wall_time=2.25, step=1000, summary=summary_pb2.Summary(value=[
    summary_pb2.Summary.Value(tag="metrics/eval_return", simple_value=-123.5),
    summary_pb2.Summary.Value(tag="timing/steps_per_second", simple_value=0.1)]))
print("header", framed(header))
print("scalar", framed(scalar))
