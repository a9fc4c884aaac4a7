#!/usr/bin/python3
"""Deterministic sample DICOM generator (no network).

Usage: /usr/bin/python3 stack/samples/generate.py <out-dir>

Copies Debian test files (python3-pydicom, octave-dicom) with rewritten,
deterministic identifiers and UIDs, adds a few synthetic series, and writes
<out-dir>/manifest.json (one entry per study). Every study has a distinct
PatientID, PatientName, AccessionNumber and descriptions.
"""
import glob
import json
import os
import random
import sys
import uuid
import warnings

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_pixel_data_frame
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID

PYDICOM_DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
OCTAVE_DATA = (sorted(glob.glob("/usr/share/octave/packages/dicom-*/imdata")) or [""])[-1]
# ct-ankle-implicit deliberately keeps its non-standard StudyDate "1993.04.30".
warnings.filterwarnings("ignore", message="Invalid value for VR DA")
NAMESPACE = uuid.UUID("6f1c1a4e-2d0b-4c7e-9b53-5d3a8e0c7a11")
PATIENT_ID_SYSTEM = "urn:oid:1.2.826.0.1.3680043.10.1338.1"
NO_FHIR_STUDY = "mr-small"  # the one study that gets no FHIR ImagingStudy

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7"
SC_MULTIFRAME_WORD = "1.2.840.10008.5.1.4.1.1.7.3"
NON_IMAGE_CLASSES = {"1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.88.11",
                     "1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.5.1.4.1.1.88.33"}


def uid(*parts):
    """2.25.<uuid5 as integer>: stable for the same name, unique otherwise."""
    return "2.25.%d" % uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)).int


def src(path):
    return pydicom.dcmread(path if path.startswith("/") else os.path.join(PYDICOM_DATA, path))


# ---------------------------------------------------------------- restamping

def restamp(ds, study, series_no, instance_no, series_desc):
    """Give ds the study's identity and deterministic Study/Series/SOP UIDs."""
    key = study["key"]
    ds.PatientID = study["patientId"]
    ds.PatientName = study["patientName"]
    ds.AccessionNumber = study["accessionNumber"]
    ds.StudyDescription = study["description"]
    ds.StudyDate = study["studyDate"]
    ds.StudyTime = "120000"
    ds.StudyID = str(study["index"])
    ds.StudyInstanceUID = uid(key, "study")
    ds.SeriesInstanceUID = uid(key, "series", series_no)
    ds.SeriesNumber = series_no
    ds.SeriesDescription = series_desc
    ds.SOPInstanceUID = uid(key, "series", series_no, "instance", instance_no)
    ds.InstanceNumber = instance_no
    if "FrameOfReferenceUID" in ds:
        ds.FrameOfReferenceUID = uid(key, "frame-of-reference")
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    return ds


def new_dataset(sop_class, modality, rows, cols, frames=1, bits=16):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = sop_class
    ds.Modality = modality
    ds.PatientBirthDate, ds.PatientSex = "19700101", "O"
    ds.ReferringPhysicianName = ""
    ds.Manufacturer = "roi-viewer sample generator"
    ds.Rows, ds.Columns = rows, cols
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits, 12, 11
    ds.PixelRepresentation = 0
    return ds


# ---------------------------------------------------------------- synthetic pixels

def ct_phantom(i, n_slices, n=512, rng=None):
    """Body-like axial slice in HU that changes with slice index i."""
    t = i / (n_slices - 1)
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    cx, cy = n / 2, n / 2 + 10
    a, b = 170 + 35 * np.sin(np.pi * t), 120 + 25 * np.sin(np.pi * t)
    hu = np.full((n, n), -1000.0, np.float32)
    r = ((x - cx) / a) ** 2 + ((y - cy) / b) ** 2
    hu[r <= 1] = -90                      # subcutaneous fat
    hu[r <= 0.8] = 40                     # soft tissue
    if t < 0.55:                          # lungs shrink towards the abdomen
        lr = 1 - t / 0.55
        for side in (-1, 1):
            lung = ((x - cx - side * a * 0.42) / (a * 0.3 * (0.4 + 0.6 * lr))) ** 2 + ((y - cy + 10) / (b * 0.6)) ** 2
            hu[lung <= 1] = -850
    if t > 0.35:                          # liver appears below the lungs
        liver = ((x - cx + a * 0.35) / (a * 0.4)) ** 2 + ((y - cy + 5) / (b * 0.55)) ** 2
        hu[liver <= 1] = 60
        lesion_r2 = max(0.0, 15 ** 2 - (i - 120) ** 2) * 1.5  # sphere-like lesion around slice 120
        hu[(x - cx + a * 0.35) ** 2 + (y - cy) ** 2 <= lesion_r2] = 120
    hu[(x - cx) ** 2 + (y - cy - b * 0.25) ** 2 <= 11 ** 2] = 200   # aorta
    spine = (x - cx) ** 2 + (y - cy - b * 0.6) ** 2
    hu[spine <= 20 ** 2] = 700
    hu[spine <= 12 ** 2] = 250
    hu[10:15, 10:10 + 2 * (i + 1)] = 1000  # slice-index bar: makes ordering visible
    if rng is not None:
        hu += rng.normal(0, 8, hu.shape).astype(np.float32)
    return np.clip(hu + 1024, 0, 4095).astype(np.uint16)


def set_pixels(ds, array):
    ds.PixelData = np.ascontiguousarray(array).astype("<u2").tobytes()


# ---------------------------------------------------------------- cases

def copy_case(path, modality=None):
    def build(study):
        ds = src(path)
        if modality:
            ds.Modality = modality
        return [restamp(ds, study, 1, 1, study["seriesDescription"])]
    return build


def axial_ct(study, pixels, ipp, thickness, series_no, instance_no, series_desc, image_type=("ORIGINAL", "PRIMARY", "AXIAL")):
    """One axial CT slice in HU (rescale -1024), 0.68 mm pixels, in the study's Frame of Reference."""
    rows, cols = pixels.shape
    ds = new_dataset(CT_IMAGE, "CT", rows, cols)
    ds.ImageType = list(image_type)
    ds.FrameOfReferenceUID = "1.2"  # replaced by restamp
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    # Normal = row x col = +z.
    ds.ImagePositionPatient = [ipp[0], ipp[1], round(ipp[2], 4)]
    ds.SliceLocation = ds.ImagePositionPatient[2]
    ds.PixelSpacing = [0.68359375, 0.68359375]
    ds.SliceThickness = thickness
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
    ds.WindowCenter, ds.WindowWidth = 40, 400
    ds.KVP = 120
    set_pixels(ds, pixels)
    return restamp(ds, study, series_no, instance_no, series_desc)


def ct_200(study):
    n = 200
    rng = np.random.default_rng(20240601)
    # Instance 1 is the most superior slice.
    out = [axial_ct(study, ct_phantom(i, n, rng=rng), (-175.0, -175.0, 100.0 - 1.25 * i), 1.25, 1, i + 1, study["seriesDescription"]) for i in range(n)]
    random.Random(7).shuffle(out)  # stored (and uploaded) in shuffled order
    return out


def nonsquare(study):
    rows, cols = 256, 128
    ds = new_dataset(SC_IMAGE, "OT", rows, cols)
    ds.PixelSpacing = [0.5, 0.25]  # row spacing 0.5 mm, column spacing 0.25 mm
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.ImagePositionPatient = [0, 0, 0]
    ds.FrameOfReferenceUID = "1.2"
    y, x = np.mgrid[0:rows, 0:cols]
    ymm, xmm = (y + 0.5) * 0.5, (x + 0.5) * 0.25  # pixel centres in mm
    img = np.full((rows, cols), 300, np.float32)
    img[(y % 32 == 0) | (x % 32 == 0)] = 1500                       # pixel grid
    img[(ymm - 64) ** 2 + (xmm - 16) ** 2 <= 12 ** 2] = 2500         # round in mm
    img[(ymm - 20) ** 2 + (xmm - 16) ** 2 <= 6 ** 2] = 3500
    img[200:240, 20:40] = 3000                                       # marker square in pixels
    ds.WindowCenter, ds.WindowWidth = 2000, 4000
    set_pixels(ds, img)
    return [restamp(ds, study, 1, 1, study["seriesDescription"])]


def multiframe_24(study):
    frames, n = 24, 128
    ds = new_dataset(SC_MULTIFRAME_WORD, "OT", n, n, frames=frames)
    ds.FrameTime = 100
    ds.FrameIncrementPointer = 0x00181063
    ds.PixelSpacing = [1, 1]
    y, x = np.mgrid[0:n, 0:n].astype(np.float32) - n / 2
    stack = np.zeros((frames, n, n), np.float32)
    for f in range(frames):
        ang = np.pi * f / frames
        bar = np.abs(x * np.sin(ang) - y * np.cos(ang)) < 4              # rotating bar
        img = 400 + 200 * np.sin((x + y + 8 * f) / 6)
        img[bar & (x ** 2 + y ** 2 < 55 ** 2)] = 3500
        for k in range(f + 1):                                          # f+1 dots = frame number
            r, c = 4 + (k // 12) * 6, 4 + (k % 12) * 10
            img[r:r + 4, c:c + 6] = 4000
        stack[f] = img
    ds.WindowCenter, ds.WindowWidth = 2000, 4000
    set_pixels(ds, np.clip(stack, 0, 4095))
    return [restamp(ds, study, 1, 1, study["seriesDescription"])]


def seg(study):
    """A restamped test SEG beside an unrelated CT: its source images are not in this study (a bad-input case)."""
    image = restamp(src("CT_small.dcm"), study, 1, 1, "CT image (SEG study)")
    seg_ds = restamp(src("liver_1frame.dcm"), study, 2, 1, study["seriesDescription"])
    return [image, seg_ds]


def no_geometry(study):
    ds = src("CT_small.dcm")
    for kw in ("PixelSpacing", "ImagePositionPatient", "ImageOrientationPatient",
               "SliceLocation", "FrameOfReferenceUID", "PositionReferenceIndicator"):
        if kw in ds:
            delattr(ds, kw)
    ds.SOPClassUID = SC_IMAGE
    ds.Modality = "OT"
    return [restamp(ds, study, 1, 1, study["seriesDescription"])]


def corrupt_frame(study):
    good = restamp(src("SC_rgb_jpeg_dcmtk.dcm"), study, 1, 1, study["seriesDescription"])
    bad = src("SC_rgb_jpeg_dcmtk.dcm")
    frame = next(generate_pixel_data_frame(bad.PixelData))
    noise = bytes(random.Random(13).randrange(256) for _ in range(len(frame) // 3))
    broken = frame[:2] + noise  # JPEG SOI then garbage, no EOI: undecodable
    bad.PixelData = encapsulate([broken + b"\0" * (len(broken) % 2)])
    bad.ImageComments = "Pixel data deliberately garbled (bad-input test)"
    return [good, restamp(bad, study, 1, 2, study["seriesDescription"])]


COMPARE_PATIENT = ("ROIV-COMPARE", "Sample^Compare")


def compare_thin_thick(study):
    """Two reconstructions of one acquisition: 80 slices of 1.25 mm and 20 of 5 mm (each the mean of four thin ones), sharing a Frame of Reference."""
    n, size = 80, 256
    rng = np.random.default_rng(20240701)
    thin = [ct_phantom(i, n, n=size, rng=rng) for i in range(n)]
    z = [50.0 - 1.25 * i for i in range(n)]
    out = [axial_ct(study, thin[i], (-87.5, -87.5, z[i]), 1.25, 1, i + 1, "CT axial 1.25 mm") for i in range(n)]
    for k in range(n // 4):
        mean = np.mean(np.stack(thin[4 * k:4 * k + 4]).astype(np.float32), axis=0).round().astype(np.uint16)
        out.append(axial_ct(study, mean, (-87.5, -87.5, float(np.mean(z[4 * k:4 * k + 4]))), 5.0, 2, k + 1, "CT axial 5 mm", ("DERIVED", "SECONDARY", "AXIAL")))
    return out


def compare_prior(study):
    """The same patient a year earlier: one 5 mm series in its own Frame of Reference (another visit, another scan)."""
    rng = np.random.default_rng(20230701)
    return [axial_ct(study, ct_phantom(4 * k, 80, n=256, rng=rng), (-87.5, -87.5, 48.0 - 5.0 * k), 5.0, 1, k + 1, study["seriesDescription"]) for k in range(20)]


# key, builder, study description, series description, study date
CASES = [
    ("ct-small", copy_case("CT_small.dcm"), "CT small, explicit little endian", "CT 128x128 explicit LE", "20040119"),
    ("mr-small", copy_case("MR_small.dcm"), "MR small (no FHIR ImagingStudy)", "MR 64x64 explicit LE", "20040826"),
    ("mr-jpegls", copy_case("MR_small_jpeg_ls_lossless.dcm"), "MR small, JPEG-LS lossless", "MR JPEG-LS lossless", "20040826"),
    ("mr-rle", copy_case("MR_small_RLE.dcm"), "MR small, RLE lossless", "MR RLE", "20040826"),
    ("mr-j2k", copy_case("MR_small_jp2klossless.dcm"), "MR small, JPEG 2000 lossless", "MR JPEG 2000 lossless", "20040826"),
    ("nm-j2k", copy_case("JPEG2000.dcm"), "NM 1024x256, JPEG 2000", "NM JPEG 2000", "20040826"),
    ("rgb-jpeg", copy_case("SC_rgb_jpeg_dcmtk.dcm"), "RGB secondary capture, JPEG baseline", "RGB JPEG baseline", "20170101"),
    ("ct-ankle-implicit", copy_case(OCTAVE_DATA + "/CT-MONO2-16-ankle.dcm", "CT"), "CT ankle 512x512, implicit little endian", "CT ankle implicit LE", "1993.04.30"),
    ("us-palette-multiframe", copy_case(OCTAVE_DATA + "/US-PAL-8-10x-echo.dcm"), "US echo, 10 frames RLE palette colour", "US palette colour multi-frame", "19940130"),
    ("rgb-rle-multiframe", copy_case("SC_rgb_rle_2frame.dcm"), "RGB 2 frames, RLE", "RGB RLE 2 frames", "20170101"),
    ("ct-200", ct_200, "Synthetic CT, 200 slices 512x512", "CT axial 1.25 mm phantom", "20240601"),
    ("nonsquare", nonsquare, "Non-square pixels 0.5 x 0.25 mm", "Non-square pixel grid", "20240602"),
    ("multiframe-24", multiframe_24, "Multi-frame 24 frames 128x128", "24-frame grayscale cine", "20240603"),
    ("seg", seg, "CT with a SEG (non-image) series", "Liver segmentation (SEG)", "20030417"),
    ("no-geometry", no_geometry, "Image without PixelSpacing or position", "No geometry (pixel coordinates)", "20040119"),
    ("corrupt-frame", corrupt_frame, "JPEG with one corrupted instance", "JPEG good + garbled", "20170101"),
    # Comparison layouts: two reconstructions sharing a Frame of Reference, and a prior of the same patient.
    ("ct-compare", compare_thin_thick, "CT thin and thick reconstructions", "CT axial 1.25 mm", "20240701"),
    ("ct-compare-prior", compare_prior, "CT prior, same patient", "CT axial 5 mm (prior)", "20230701"),
]

# Studies of one patient: PatientID and name shared, so QIDO by PatientID finds the prior.
SAME_PATIENT = {"ct-compare": COMPARE_PATIENT, "ct-compare-prior": COMPARE_PATIENT}


def instance_entry(ds, filename):
    return {
        "sopInstanceUid": ds.SOPInstanceUID,
        "sopClassUid": ds.SOPClassUID,
        "rows": int(ds.get("Rows", 0)),
        "columns": int(ds.get("Columns", 0)),
        "frames": int(ds.get("NumberOfFrames", 1) or 1),
        "transferSyntaxUid": ds.file_meta.TransferSyntaxUID,
        "instanceNumber": int(ds.InstanceNumber),
        "file": filename,
    }


def main(out_dir):
    manifest = []
    for index, (key, build, desc, series_desc, date) in enumerate(CASES, start=1):
        study = {
            "key": key, "index": index,
            "patientId": SAME_PATIENT[key][0] if key in SAME_PATIENT else "ROIV-%02d-%s" % (index, key.upper()),
            "patientName": SAME_PATIENT[key][1] if key in SAME_PATIENT else "Sample^%s" % "".join(w.capitalize() for w in key.split("-")),
            "accessionNumber": "ACC%05d" % index,
            "description": "Sample %02d: %s" % (index, desc),
            "seriesDescription": series_desc,
            "studyDate": date,
        }
        datasets = build(study)
        os.makedirs(os.path.join(out_dir, key), exist_ok=True)
        series = {}
        for n, ds in enumerate(datasets):
            filename = "%s/%03d.dcm" % (key, n)  # file order = (shuffled) generation order
            ds.save_as(os.path.join(out_dir, filename), write_like_original=False)
            s = series.setdefault(ds.SeriesInstanceUID, {
                "seriesUid": ds.SeriesInstanceUID, "seriesNumber": int(ds.SeriesNumber),
                "modality": ds.Modality, "description": ds.SeriesDescription,
                "isImage": ds.SOPClassUID not in NON_IMAGE_CLASSES, "instances": []})
            s["instances"].append(instance_entry(ds, filename))
            if "garbled" in str(ds.get("ImageComments", "")):
                s["instances"][-1]["corrupt"] = True
        for s in series.values():
            s["instances"].sort(key=lambda i: i["instanceNumber"])
        first = datasets[0]
        manifest.append({
            "key": key,
            "studyUid": first.StudyInstanceUID,
            "patientId": study["patientId"],
            "patientIdSystem": PATIENT_ID_SYSTEM,
            "patientName": study["patientName"],
            "accessionNumber": study["accessionNumber"],
            "studyDate": date,
            "modality": first.Modality,
            "description": study["description"],
            "series": sorted(series.values(), key=lambda s: s["seriesNumber"]),
            "hasImagingStudy": key != NO_FHIR_STUDY,
        })
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
