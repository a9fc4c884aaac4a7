import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ImageRef, Point2, Roi, RoiKind } from '../roi/Roi';
import { createRoi } from '../roi/createRoi';
import { buildMeasurementReport, type NaturalDataset, type ReportInput } from './buildMeasurementReport';
import { readMeasurementReport } from './readMeasurementReport';
import { reportRois, type SrImageInfo } from './reportRois';
import { roiToGroup } from './roiGroup';

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const SERIES = '1.2.826.0.1.3680043.8.498.2';
const SR_SERIES = '1.2.826.0.1.3680043.8.498.3';

/** Graphic Data is FL: what a Part 10 file gives back is the float32 of each number. */
function throughFloat32(ds: NaturalDataset): NaturalDataset {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o: NaturalDataset = {};
      for (const [k, x] of Object.entries(v)) o[k] = k === 'GraphicData' ? (x as number[]).map(Math.fround) : walk(x);
      return o;
    }
    return v;
  };
  return walk(ds) as NaturalDataset;
}

function report(rois: readonly Roi[]): NaturalDataset {
  const input: ReportInput = {
    studyUid: STUDY,
    seriesUid: SR_SERIES,
    sopInstanceUid: `${SR_SERIES}.1`,
    seriesNumber: 900,
    instanceNumber: 1,
    contentTime: '2026-01-02T03:04:05Z',
    patientStudy: { PatientName: 'Doe^Jane', PatientID: 'P-1' },
    device: { uid: '2.25.1', name: 'ROI viewer', manufacturer: 'roi-viewer', softwareVersion: '1' },
    groups: rois.map((r) => roiToGroup(r, [])),
    evidence: rois.map((r) => r.image),
  };
  return buildMeasurementReport(input);
}

interface ImageCase {
  readonly columns: number;
  readonly rows: number;
  readonly frames: number;
}

const imageCase: fc.Arbitrary<ImageCase> = fc.oneof(
  fc.integer({ min: 8, max: 1024 }).map((n) => ({ columns: n, rows: n, frames: 1 })), // square
  fc.record({ columns: fc.integer({ min: 8, max: 1024 }), rows: fc.integer({ min: 8, max: 1024 }), frames: fc.constant(1) }), // non-square
  fc.record({ columns: fc.integer({ min: 8, max: 512 }), rows: fc.integer({ min: 8, max: 512 }), frames: fc.integer({ min: 2, max: 50 }) }), // multi-frame
);

function imageRef(c: ImageCase, frame: number): ImageRef {
  return { studyUid: STUDY, seriesUid: SERIES, sopInstanceUid: `${SERIES}.${c.columns}.${c.rows}`, sopClassUid: '1.2.840.10008.5.1.4.1.1.7', ...(c.frames > 1 ? { frameNumber: frame } : {}) };
}

const coord = (max: number) => fc.double({ min: 0, max, noNaN: true });

/** A valid ROI of any drawable kind on the given image (createRoi decides validity, as when drawing). */
function roiOn(c: ImageCase): fc.Arbitrary<Roi | undefined> {
  const pt = fc.tuple(coord(c.columns), coord(c.rows)) as fc.Arbitrary<Point2>;
  const kind = fc.constantFrom<RoiKind>('point', 'polyline', 'interpolated', 'circle', 'ellipse', 'multipoint');
  return fc.record({ kind, frame: fc.integer({ min: 1, max: c.frames }), closed: fc.boolean(), pts: fc.array(pt, { minLength: 1, maxLength: 12 }), label: fc.string({ maxLength: 20 }) }).map(({ kind, frame, closed, pts, label }) => {
    let points: Point2[] = pts;
    if (kind === 'point') points = pts.slice(0, 1);
    if (kind === 'circle') points = pts.slice(0, 2);
    if (kind === 'ellipse') {
      const [cx, cy] = pts[0]!;
      const a = (pts[1]?.[0] ?? 5) / 4 + 1;
      const b = (pts[1]?.[1] ?? 3) / 4 + 1;
      points = [[cx - a, cy], [cx + a, cy], [cx, cy - b], [cx, cy + b]];
    }
    const res = createRoi({ kind, points, closed, image: imageRef(c, frame), label: label.trim() || 'x', finding: { system: 'http://snomed.info/sct', code: '52988006', display: 'Lesion' } }, c);
    return res.ok ? res.roi : undefined;
  });
}

/** What reading our own SR gives back: interpolated curves come back as polylines through the same points. */
function expected(roi: Roi) {
  const kind = roi.kind === 'interpolated' ? 'polyline' : roi.kind;
  return { kind, points: roi.points, closed: 'closed' in roi ? roi.closed : undefined, image: roi.image, label: roi.label, finding: roi.finding };
}

function actual(roi: Roi) {
  return { kind: roi.kind, points: roi.points, closed: 'closed' in roi ? roi.closed : undefined, image: roi.image, label: roi.label, finding: roi.finding };
}

describe('ROI → SR → ROI', () => {
  it('gives identical coordinates, image and frame on square, non-square and multi-frame images', () => {
    fc.assert(
      fc.property(
        imageCase.chain((c) => fc.tuple(fc.constant(c), fc.array(roiOn(c), { minLength: 1, maxLength: 6 }))),
        ([c, maybe]) => {
          const rois = maybe.filter((r): r is Roi => r !== undefined);
          fc.pre(rois.length > 0);
          const read = readMeasurementReport(throughFloat32(report(rois)));
          const { frameNumber: _frame, ...image } = rois[0]!.image;
          const info: SrImageInfo = { image, rows: c.rows, columns: c.columns, numberOfFrames: c.frames };
          const { shown, unshown } = reportRois(read, (uid) => (uid === image.sopInstanceUid ? info : undefined));
          expect(read.issues).toEqual([]);
          expect(unshown).toEqual([]);
          expect(shown.map((s) => actual(s.roi))).toEqual(rois.map(expected));
          expect(shown.map((s) => s.group.trackingUid)).toEqual(rois.map((r) => roiToGroup(r, []).trackingUid));
        },
      ),
      { numRuns: 300 },
    );
  });
});
