#!/usr/bin/env python3
"""DICOM SEG samples over the ct-200 phantom, written by highdicom (PyPI).

Usage (by stack/lib/samples.mjs, in the pyenv venv): seg_highdicom.py <samples-dir>

Reads manifest.json, loads the ct-200 CT series, derives the segments from its stored pixel values
(so they sit exactly on what is visible), writes two SEG instances into the ct-200 study and adds
their series to the manifest:
- series 2 "Phantom segmentation (SEG)": BINARY, three non-overlapping segments
  1 Body (soft tissue, lungs excluded), 2 Left lung, 3 Right lung;
- series 3 "Phantom liver fractional (SEG)": FRACTIONAL (probability), two overlapping segments
  1 Liver and 2 Lesion, the lesion lying inside the liver.
Every UID is derived from fixed names (uuid5), so a re-run writes the same files.
"""
import json
import os
import sys
import uuid

import highdicom as hd
import numpy as np
import pydicom

NAMESPACE = uuid.UUID("6f1c1a4e-2d0b-4c7e-9b53-5d3a8e0c7a11")  # the same namespace as generate.py
SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4"


def sct(value, meaning):
    return hd.sr.CodedConcept(value, "SCT", meaning)


TISSUE, SOFT_TISSUE = sct("85756007", "Tissue"), sct("87784001", "Soft tissue")
ANATOMICAL_STRUCTURE = sct("91723000", "Anatomical Structure")
LUNG, LIVER = sct("39607008", "Lung"), sct("10200004", "Liver")
ALTERED, NEOPLASM = sct("49755003", "Morphologically Altered Structure"), sct("108369006", "Neoplasm")
ALGORITHM_FAMILY = hd.sr.CodedConcept("123109", "DCM", "Manual Processing")


def uid(*parts):
    return "2.25.%d" % uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)).int


def hu(ds):
    return ds.pixel_array.astype(np.float32) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)


def fill_rows(mask):
    """Fill each row between its first and last set pixel (the body outline with its holes closed)."""
    out = np.zeros_like(mask)
    for r in np.nonzero(mask.any(axis=1))[0]:
        cols = np.nonzero(mask[r])[0]
        out[r, cols[0]:cols[-1] + 1] = True
    return out


def phantom_masks(ds):
    """(body, left lung, right lung) from the stored HU of one slice."""
    v = hu(ds)
    tissue = v > -500
    tissue[:20, :] = False  # the slice-index bar in the top-left corner is not anatomy
    body_outline = fill_rows(tissue)
    air_inside = body_outline & (v < -500)
    cols = np.arange(v.shape[1])[None, :]
    # IOP [1,0,0 / 0,1,0]: columns increase towards the patient's left, so the left lung is on the image's right.
    left = air_inside & (cols >= v.shape[1] // 2)
    right = air_inside & (cols < v.shape[1] // 2)
    body = body_outline & ~air_inside
    return body, left, right


def liver_probability(ds):
    """Fractional liver and lesion maps: 1.0 well inside, falling off over a few pixels at the edge."""
    v = hu(ds)
    liver = (v > 45) & (v < 90)
    liver[:20, :] = False
    lesion = v > 100
    lesion &= (v < 160)
    lesion[:20, :] = False
    # soften: mean of a 5x5 box, so the edge pixels are fractional
    def soften(m):
        m = m.astype(np.float32)
        p = np.pad(m, 2)
        acc = np.zeros_like(m)
        for dy in range(5):
            for dx in range(5):
                acc += p[dy:dy + m.shape[0], dx:dx + m.shape[1]]
        return acc / 25.0
    lesion_f = soften(lesion)
    liver_f = np.maximum(soften(liver), lesion_f)  # the lesion lies in the liver: overlapping segments
    return liver_f, lesion_f


def segment(number, label, category, prop, color_rgb):
    return hd.seg.SegmentDescription(
        segment_number=number,
        segment_label=label,
        segmented_property_category=category,
        segmented_property_type=prop,
        algorithm_type=hd.seg.SegmentAlgorithmTypeValues.AUTOMATIC,
        algorithm_identification=hd.AlgorithmIdentificationSequence(
            name="roi-viewer phantom threshold", version="1", family=ALGORITHM_FAMILY),
        tracking_uid=uid("ct-200", "segment", label),
        tracking_id=label,
        display_color=hd.color.CIELabColor.from_rgb(*color_rgb),
    )


def main(out_dir):
    with open(os.path.join(out_dir, "manifest.json")) as f:
        manifest = json.load(f)
    study = next(s for s in manifest if s["key"] == "ct-200")
    ct_series = study["series"][0]
    sources = [pydicom.dcmread(os.path.join(out_dir, i["file"])) for i in ct_series["instances"]]
    sources.sort(key=lambda d: int(d.InstanceNumber))

    common = dict(
        source_images=sources,
        manufacturer="roi-viewer sample generator",
        manufacturer_model_name="seg_highdicom.py",
        software_versions=hd.__version__,
        device_serial_number="1",
        content_label="PHANTOM",
    )

    masks = np.zeros((len(sources), sources[0].Rows, sources[0].Columns), np.uint8)
    for k, ds in enumerate(sources):
        body, left, right = phantom_masks(ds)
        masks[k][body] = 1
        masks[k][left] = 2
        masks[k][right] = 3
    binary = hd.seg.Segmentation(
        pixel_array=masks,
        segmentation_type=hd.seg.SegmentationTypeValues.BINARY,
        segment_descriptions=[
            segment(1, "Body", TISSUE, SOFT_TISSUE, (230, 180, 140)),
            segment(2, "Left lung", ANATOMICAL_STRUCTURE, LUNG, (60, 140, 255)),
            segment(3, "Right lung", ANATOMICAL_STRUCTURE, LUNG, (40, 200, 90)),
        ],
        series_instance_uid=uid("ct-200", "series", 2),
        series_number=2,
        sop_instance_uid=uid("ct-200", "series", 2, "instance", 1),
        instance_number=1,
        series_description="Phantom segmentation (SEG)",
        **common,
    )

    frac = np.zeros((len(sources), sources[0].Rows, sources[0].Columns, 2), np.float32)
    for k, ds in enumerate(sources):
        frac[k, :, :, 0], frac[k, :, :, 1] = liver_probability(ds)
    fractional = hd.seg.Segmentation(
        pixel_array=frac,
        segmentation_type=hd.seg.SegmentationTypeValues.FRACTIONAL,
        fractional_type=hd.seg.SegmentationFractionalTypeValues.PROBABILITY,
        max_fractional_value=255,
        # RLE Lossless: the probability maps are mostly zero, so this keeps the file small.
        transfer_syntax_uid=pydicom.uid.RLELossless,
        segment_descriptions=[
            segment(1, "Liver", ANATOMICAL_STRUCTURE, LIVER, (200, 90, 60)),
            segment(2, "Lesion", ALTERED, NEOPLASM, (255, 230, 0)),
        ],
        series_instance_uid=uid("ct-200", "series", 3),
        series_number=3,
        sop_instance_uid=uid("ct-200", "series", 3, "instance", 1),
        instance_number=1,
        series_description="Phantom liver fractional (SEG)",
        **common,
    )

    for seg_ds, name in ((binary, "seg-binary"), (fractional, "seg-fractional")):
        # highdicom stamps the time of writing; fixed dates keep the files identical from run to run.
        seg_ds.ContentDate, seg_ds.ContentTime = study["studyDate"], "120000"
        # ... and a random Dimension Organization UID: replace it with a named one.
        dim_uid = uid("ct-200", name, "dimension-organization")
        for item in seg_ds.DimensionOrganizationSequence:
            item.DimensionOrganizationUID = dim_uid
        for item in seg_ds.DimensionIndexSequence:
            item.DimensionOrganizationUID = dim_uid
        seg_ds.InstanceCreationDate, seg_ds.InstanceCreationTime = study["studyDate"], "120000"
        if "SeriesDate" in seg_ds:
            seg_ds.SeriesDate, seg_ds.SeriesTime = study["studyDate"], "120000"
        for item in seg_ds.get("ContributingEquipmentSequence", []):
            item.ContributionDateTime = study["studyDate"] + "120000"
        filename = "ct-200/%s.dcm" % name
        seg_ds.save_as(os.path.join(out_dir, filename), enforce_file_format=True)
        study["series"].append({
            "seriesUid": seg_ds.SeriesInstanceUID, "seriesNumber": int(seg_ds.SeriesNumber),
            "modality": "SEG", "description": seg_ds.SeriesDescription, "isImage": False,
            "instances": [{
                "sopInstanceUid": seg_ds.SOPInstanceUID, "sopClassUid": SEG_SOP_CLASS,
                "rows": int(seg_ds.Rows), "columns": int(seg_ds.Columns),
                "frames": int(seg_ds.NumberOfFrames),
                "transferSyntaxUid": seg_ds.file_meta.TransferSyntaxUID,
                "instanceNumber": 1, "file": filename,
                "segments": [{"number": int(s.SegmentNumber), "label": str(s.SegmentLabel)} for s in seg_ds.SegmentSequence],
            }],
        })
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
