"""Ground truth for the SEG e2e, computed by highdicom (the library that wrote the sample), not by the viewer.

stdin: {"seg": file, "sources": [ct files...], "request": "row", "sop": uid, "row": r}
   → {"labels": [segment number per column of that row of that source image]}
stdin: {"seg": file, "sources": [ct files...], "request": "stats", "segment": n}
   → {"voxels": n, "volumeMm3": v, "mean": hu}
Run with the stack's venv python (.stack-data/pyenv/bin/python).
"""
import json
import sys

import highdicom as hd
import numpy as np
import pydicom

req = json.load(sys.stdin)
seg = hd.seg.segread(req["seg"])
if req["request"] == "row":
    px = seg.get_pixels_by_source_instance(source_sop_instance_uids=[req["sop"]], combine_segments=True, skip_overlap_checks=True)
    print(json.dumps({"labels": [int(v) for v in px[0, req["row"], :]]}))
else:
    n = req["segment"]
    voxels, total = 0, 0.0
    spacing = None
    positions = []
    for f in req["sources"]:
        ds = pydicom.dcmread(f)
        positions.append(float(ds.ImagePositionPatient[2]))
        spacing = [float(x) for x in ds.PixelSpacing]
        try:
            m = seg.get_pixels_by_source_instance(source_sop_instance_uids=[ds.SOPInstanceUID], segment_numbers=[n], combine_segments=True, skip_overlap_checks=True)[0]
        except (KeyError, ValueError):
            continue
        mask = m == n
        if not mask.any():
            continue
        hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        voxels += int(mask.sum())
        total += float(hu[mask].sum())
    positions.sort()
    gap = float(np.median(np.diff(positions)))
    print(json.dumps({"voxels": voxels, "volumeMm3": voxels * spacing[0] * spacing[1] * gap, "mean": total / voxels}))
