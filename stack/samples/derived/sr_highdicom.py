"""A TID 1500 Measurement Report written by highdicom (PyPI), over the non-square-pixel sample.

Run by stack/lib/samples.mjs in the PyPI venv with the samples directory as argv[1]: it reads
manifest.json, writes nonsquare/sr-highdicom.dcm and adds that series to the nonsquare study. The
viewer's SR import is tested on this file because no one here wrote the code that made it.

Content (one TID 1410 measurement group each, tracking identifiers "highdicom <kind>"):
POINT, closed POLYLINE, open POLYLINE, CIRCLE, ELLIPSE, and one SCOORD3D point (TID 1410 with
ImageRegion3D) that a 2D viewer has to list as "cannot be shown". UIDs and dates are fixed, so the
file is the same on every run.
"""
import json
import os
import sys
import uuid

import highdicom as hd
import numpy as np
from pydicom import dcmread
from pydicom.sr.codedict import codes
from pydicom.uid import UID

BASE_KEY = "nonsquare"
OUT_NAME = "sr-highdicom.dcm"
SERIES_NUMBER = 90


def uid(name):
    """A fixed 2.25 UID per name (PS3.5 B.2), so reruns write identical files."""
    return UID("2.25.%d" % uuid.uuid5(uuid.NAMESPACE_URL, "roi-viewer-sample:sr-highdicom:" + name).int)


# (tracking identifier, graphic type, (column, row) points in TLHC image coordinates of the 128x256 image)
REGIONS = [
    ("highdicom point", hd.sr.GraphicTypeValues.POINT, [[32.5, 40.25]]),
    ("highdicom closed polyline", hd.sr.GraphicTypeValues.POLYLINE, [[20.0, 200.0], [40.0, 200.0], [40.0, 240.0], [20.0, 240.0], [20.0, 200.0]]),
    ("highdicom open polyline", hd.sr.GraphicTypeValues.POLYLINE, [[70.5, 20.5], [90.25, 60.75], [110.0, 30.0]]),
    ("highdicom circle", hd.sr.GraphicTypeValues.CIRCLE, [[64.0, 128.0], [64.0, 152.0]]),
    ("highdicom ellipse", hd.sr.GraphicTypeValues.ELLIPSE, [[80.0, 180.0], [120.0, 180.0], [100.0, 170.0], [100.0, 190.0]]),
]


def main(out_dir):
    manifest_path = os.path.join(out_dir, "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    study = next(s for s in manifest if s["key"] == BASE_KEY)
    image_entry = study["series"][0]["instances"][0]
    image = dcmread(os.path.join(out_dir, image_entry["file"]))
    source = hd.sr.SourceImageForRegion(
        referenced_sop_class_uid=image.SOPClassUID,
        referenced_sop_instance_uid=image.SOPInstanceUID,
    )

    groups = []
    for name, graphic_type, points in REGIONS:
        region = hd.sr.ImageRegion(graphic_type=graphic_type, graphic_data=np.array(points, dtype=float), source_image=source)
        measurements = []
        if graphic_type == hd.sr.GraphicTypeValues.CIRCLE:
            # Radius 24 rows at 0.5 mm per row: area of the circle in mm2 as a physical-units example.
            measurements.append(hd.sr.Measurement(name=codes.SCT.Area, value=float(np.pi * 12.0 ** 2), unit=codes.UCUM.SquareMillimeter))
        groups.append(
            hd.sr.PlanarROIMeasurementsAndQualitativeEvaluations(
                tracking_identifier=hd.sr.TrackingIdentifier(uid=uid(name), identifier=name),
                referenced_region=region,
                finding_type=codes.SCT.Lesion,
                measurements=measurements or None,
            )
        )
    # A 3D point in the image's frame of reference: valid TID 1500, not drawable on a 2D image.
    groups.append(
        hd.sr.PlanarROIMeasurementsAndQualitativeEvaluations(
            tracking_identifier=hd.sr.TrackingIdentifier(uid=uid("highdicom 3d point"), identifier="highdicom 3d point"),
            referenced_region=hd.sr.ImageRegion3D(
                graphic_type=hd.sr.GraphicTypeValues3D.POINT,
                graphic_data=np.array([[10.0, 20.0, 0.0]]),
                frame_of_reference_uid=image.FrameOfReferenceUID,
            ),
            finding_type=codes.SCT.Lesion,
        )
    )

    observer = hd.sr.ObserverContext(
        observer_type=codes.DCM.Person,
        observer_identifying_attributes=hd.sr.PersonObserverIdentifyingAttributes(name="Foreign^Reader"),
    )
    report = hd.sr.MeasurementReport(
        observation_context=hd.sr.ObservationContext(observer_person_context=observer),
        procedure_reported=codes.LN.CTUnspecifiedBodyRegion,
        imaging_measurements=groups,
    )
    sr = hd.sr.Comprehensive3DSR(
        evidence=[image],
        content=report,
        series_instance_uid=uid("series"),
        series_number=SERIES_NUMBER,
        sop_instance_uid=uid("instance"),
        instance_number=1,
        manufacturer="highdicom sample generator",
        series_description="highdicom TID 1500 report",
        is_complete=True,
        content_date="20240602",
        content_time="101500",
    )
    sr.SeriesDate, sr.SeriesTime = "20240602", "101500"
    sr.InstanceCreationDate, sr.InstanceCreationTime = "20240602", "101500"
    sr.save_as(os.path.join(out_dir, BASE_KEY, OUT_NAME), enforce_file_format=True)

    study["series"].append({
        "seriesUid": sr.SeriesInstanceUID,
        "seriesNumber": SERIES_NUMBER,
        "modality": "SR",
        "description": sr.SeriesDescription,
        "isImage": False,
        "instances": [{
            "sopInstanceUid": sr.SOPInstanceUID,
            "sopClassUid": sr.SOPClassUID,
            "rows": 0,
            "columns": 0,
            "frames": 1,
            "transferSyntaxUid": sr.file_meta.TransferSyntaxUID,
            "instanceNumber": 1,
            "file": "%s/%s" % (BASE_KEY, OUT_NAME),
        }],
    })
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
