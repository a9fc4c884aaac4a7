"""Bad-input SEG variants, derived from the ct-200 SEG sample with pydicom (stack venv).

stdin: {"seg": file, "out": dir}  →  stdout: {"<case>": {"file", "seriesUid", "sopUid"}, ...}
- other-frame-of-reference: the same SEG claiming another Frame of Reference;
- foreign-source: a SEG whose source series and images are not in the study;
- corrupt-pixels: Pixel Data cut to a third (the frames past it are gone);
- huge: 500 frames of 512 x 512 (the 420 sample frames and 80 more), 1 bit each.
Each gets its own Series and SOP Instance UIDs (fixed ones: re-running the test replaces it).
"""
import copy
import json
import os
import sys

import pydicom

req = json.load(sys.stdin)
os.makedirs(req["out"], exist_ok=True)
base = pydicom.dcmread(req["seg"])
out = {}


def save(ds, case, n):
    ds.SeriesInstanceUID = "1.2.826.0.1.3680043.10.1338.17.%d" % n
    ds.SOPInstanceUID = ds.SeriesInstanceUID + ".1"
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.SeriesNumber = 80 + n
    ds.SeriesDescription = "Bad SEG: %s" % case
    path = os.path.join(req["out"], case + ".dcm")
    ds.save_as(path, enforce_file_format=True)
    out[case] = {"file": path, "seriesUid": ds.SeriesInstanceUID, "sopUid": ds.SOPInstanceUID, "description": ds.SeriesDescription}


ds = copy.deepcopy(base)
ds.FrameOfReferenceUID = "1.2.826.0.1.3680043.10.1338.17.99"
save(ds, "other-frame-of-reference", 1)

ds = copy.deepcopy(base)
# Segments images of another study: its Referenced Series and every source image reference point elsewhere.
ds.ReferencedSeriesSequence[0].SeriesInstanceUID = "1.2.826.0.1.3680043.10.1338.17.98"
for item in ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence:
    item.ReferencedSOPInstanceUID = "1.2.826.0.1.3680043.10.1338.17.98." + item.ReferencedSOPInstanceUID[-6:]
for k, fg in enumerate(ds.PerFrameFunctionalGroupsSequence):
    fg.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID = "1.2.826.0.1.3680043.10.1338.17.97.%d" % k
save(ds, "foreign-source", 4)

ds = copy.deepcopy(base)
ds.PixelData = base.PixelData[: len(base.PixelData) // 3]
save(ds, "corrupt-pixels", 2)

ds = copy.deepcopy(base)
frame_bytes = ds.Rows * ds.Columns // 8
extra = 500 - int(ds.NumberOfFrames)
ds.PerFrameFunctionalGroupsSequence.extend(copy.deepcopy(list(base.PerFrameFunctionalGroupsSequence[:extra])))
ds.PixelData = base.PixelData + base.PixelData[: extra * frame_bytes]
ds.NumberOfFrames = 500
save(ds, "huge", 3)

print(json.dumps(out))
