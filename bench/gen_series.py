#!/usr/bin/python3
"""Bench-only DICOM: one study with 50-, 200- and 500-slice 512x512 CT series.

Usage: /usr/bin/python3 bench/gen_series.py <out-dir> <slices,slices,...>

Reuses the phantom and dataset helpers of stack/samples/generate.py (same
pixels and tags as the `ct-200` sample) but with its own study identity, so
the bench can seed thousands of ImagingSelections without touching the
samples other people use. Writes <out-dir>/manifest.json in the samples'
manifest format (one study), which stack/lib/orthanc.mjs and stack/seed.mjs
accept as is. Output is deterministic; keep it out of git (.stack-data/).
"""
import importlib.util
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("samples", os.path.join(HERE, "..", "stack", "samples", "generate.py"))
g = importlib.util.module_from_spec(spec)
spec.loader.exec_module(g)


def main(out_dir, counts):
    study = {
        "key": "bench-scale", "index": 90,
        "patientId": "ROIV-90-BENCH", "patientName": "Bench^Scale",
        "accessionNumber": "ACC00090", "description": "Bench: CT 50/200/500 slices 512x512",
        "seriesDescription": "", "studyDate": "20240701",
    }
    series = []
    for series_no, n in enumerate(counts, start=1):
        rng = np.random.default_rng(1000 + n)
        desc = "Bench CT %d slices" % n
        instances = []
        d = os.path.join(out_dir, "s%d" % n)
        os.makedirs(d, exist_ok=True)
        for i in range(n):
            ds = g.new_dataset(g.CT_IMAGE, "CT", 512, 512)
            ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
            ds.FrameOfReferenceUID = "1.2"
            ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
            ds.ImagePositionPatient = [-175.0, -175.0, round(100.0 - 1.25 * i * 200 / n, 3)]
            ds.SliceLocation = ds.ImagePositionPatient[2]
            ds.PixelSpacing = [0.68359375, 0.68359375]
            ds.SliceThickness = 1.25
            ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
            ds.WindowCenter, ds.WindowWidth = 40, 400
            g.set_pixels(ds, g.ct_phantom(i, n, rng=rng))
            g.restamp(ds, study, series_no, i + 1, desc)
            # restamp names the frame of reference per study key; one FoR per series here
            ds.FrameOfReferenceUID = g.uid("bench-scale", "for", series_no)
            rel = "s%d/%03d.dcm" % (n, i)
            ds.save_as(os.path.join(out_dir, rel), write_like_original=False)
            instances.append(g.instance_entry(ds, rel))
        series.append({"seriesUid": g.uid("bench-scale", "series", series_no), "seriesNumber": series_no,
                       "modality": "CT", "description": desc, "isImage": True, "slices": n,
                       "frameOfReferenceUid": ds.FrameOfReferenceUID, "instances": instances})
    manifest = [{
        "key": study["key"], "studyUid": g.uid("bench-scale", "study"), "patientId": study["patientId"],
        "patientIdSystem": g.PATIENT_ID_SYSTEM, "patientName": study["patientName"],
        "accessionNumber": study["accessionNumber"], "studyDate": study["studyDate"], "modality": "CT",
        "description": study["description"], "series": series, "hasImagingStudy": True,
    }]
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], [int(x) for x in sys.argv[2].split(",")])
