import { describe, expect, it } from 'vitest';
import { buildMeasurementReport } from '../../domain/sr/buildMeasurementReport';
import { readMeasurementReport } from '../../domain/sr/readMeasurementReport';
import { reportRois } from '../../domain/sr/reportRois';
import { roiToGroup } from '../../domain/sr/roiGroup';
import { rois, image, mfImage } from '../../domain/imaging-selection/testing/fixtures';
import type { Roi } from '../../domain/roi/Roi';
import { decodePart10, encodePart10 } from './srCodec';

const all: Roi[] = Object.values(rois);

describe('SR Part 10 bytes (dcmjs)', () => {
  it('reads back the groups it wrote: same coordinates, frame, tracking UID and figures', () => {
    const ds = buildMeasurementReport({
      studyUid: image.studyUid,
      seriesUid: '1.2.826.0.1.3680043.8.498.77',
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.77.1',
      seriesNumber: 900,
      instanceNumber: 1,
      contentTime: '2026-12-02T17:00:00Z',
      patientStudy: { PatientName: 'Doe^Jane', PatientID: 'P-1', StudyDate: '20240101' },
      personObserver: 'Smith^Ann',
      device: { uid: '2.25.1', name: 'ROI viewer', manufacturer: 'roi-viewer', softwareVersion: '1' },
      groups: all.map((r) => roiToGroup(r, r.kind === 'circle' ? [{ kind: 'area', value: 314.1593, unit: { code: 'mm2', unit: 'mm2' } }] : [])),
      evidence: all.map((r) => r.image),
    });
    const bytes = encodePart10(ds);
    expect(new TextDecoder().decode(bytes.slice(128, 132))).toBe('DICM');
    const read = readMeasurementReport(decodePart10(bytes.slice().buffer));
    expect(read.issues).toEqual([]);
    expect(read.header).toMatchObject({ author: 'Smith, Ann', time: '2026-12-02 17:00' });
    const sizes = { [image.sopInstanceUid]: { rows: 512, columns: 512, numberOfFrames: 1 }, [mfImage.sopInstanceUid]: { rows: 480, columns: 640, numberOfFrames: 10 } };
    const { shown, unshown } = reportRois(read, (uid) => {
      const s = sizes[uid];
      const { frameNumber: _f, ...ref } = uid === image.sopInstanceUid ? image : mfImage;
      return s ? { image: ref, ...s } : undefined;
    });
    expect(unshown).toEqual([]);
    expect(shown.map((s) => [s.roi.points, s.roi.image.frameNumber])).toEqual(all.map((r) => [r.points, r.image.frameNumber]));
    expect(shown.map((s) => s.group.trackingUid)).toEqual(all.map((r) => roiToGroup(r, []).trackingUid));
    expect(shown.find((s) => s.roi.label === rois.circle.label || s.group.measurements.length)?.group.measurements[0]).toMatchObject({ value: 314.1593, unit: { value: 'mm2', scheme: 'UCUM' } });
  });

  it('gives undefined for bytes that are not DICOM', () => {
    expect(decodePart10(new TextEncoder().encode('not a dicom file at all').buffer)).toBeUndefined();
  });
});
