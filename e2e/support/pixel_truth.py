"""Independent truth for ROI statistics: pydicom + numpy over the stored file.

Reads a JSON request on stdin: {"file", "frame" (1-based), "kind", "coordinate"}
and prints {"count", "mean", "sd", "min", "max", "value"} in modality units,
using pydicom's own Modality LUT stage and the viewer's documented inclusion
rule: a pixel counts when its centre (i+0.5, j+0.5) is inside the shape.
"""
import json
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut

req = json.load(sys.stdin)
ds = pydicom.dcmread(req["file"])
arr = ds.pixel_array
if int(getattr(ds, "NumberOfFrames", 1) or 1) > 1:
    arr = arr[int(req.get("frame", 1)) - 1]
values = apply_modality_lut(arr, ds).astype(np.float64)
rows, cols = values.shape
c = req["coordinate"]
jj, ii = np.mgrid[0:rows, 0:cols]
x = ii + 0.5
y = jj + 0.5
out = {}
if req["kind"] == "circle":
    cx, cy, ex, ey = c
    r2 = (ex - cx) ** 2 + (ey - cy) ** 2
    inside = (x - cx) ** 2 + (y - cy) ** 2 <= r2
    v = values[inside]
    out = {"count": int(v.size), "mean": float(v.mean()), "sd": float(v.std()), "min": float(v.min()), "max": float(v.max())}
elif req["kind"] == "point":
    px, py = c
    out = {"value": float(values[int(np.floor(py)), int(np.floor(px))])}
print(json.dumps(out))
