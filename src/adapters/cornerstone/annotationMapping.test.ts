import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { annotationsFromRoi, geometryFromAnnotation } from './annotationMapping';
import { createRoi } from '../../domain/roi/createRoi';
import type { ImagePlane } from '../../domain/geometry/imagePlane';
import type { Point2, Roi } from '../../domain/roi/Roi';
import { READONLY_CONTOUR_TOOL } from './toolNames';

const image = { studyUid: 's', seriesUid: 'r', sopInstanceUid: 'i', sopClassUid: 'c' };
const planes: Record<string, ImagePlane> = {
  square: { rows: 512, columns: 512, imagePositionPatient: [-120.3, -99.7, 41.25], imageOrientationPatient: [1, 0, 0, 0, 1, 0], pixelSpacing: [0.703125, 0.703125] },
  nonSquare: { rows: 256, columns: 128, imagePositionPatient: [0, 0, 0], imageOrientationPatient: [1, 0, 0, 0, 1, 0], pixelSpacing: [0.5, 0.25] },
  oblique: { rows: 300, columns: 200, imagePositionPatient: [10, -5, 3], imageOrientationPatient: [0.866025, 0.5, 0, -0.353553, 0.612372, 0.707107], pixelSpacing: [0.9, 1.1] },
  noGeometry: { rows: 64, columns: 64 },
};
const target = (plane: ImagePlane) => ({ imageId: 'wadors:x', plane, frameOfReferenceUID: '1.2', viewPlaneNormal: [0, 0, 1] as const });

function roundTrip(roi: Roi, plane: ImagePlane): Point2[] {
  const [a] = annotationsFromRoi(roi, target(plane), false);
  const g = geometryFromAnnotation(a!, plane)!;
  const back = createRoi({ ...roi, points: g.points, closed: g.closed }, plane);
  if (!back.ok) throw new Error(back.problem);
  return back.roi.points as Point2[];
}

const make = (kind: Roi['kind'], points: Point2[], closed = false, plane: ImagePlane = planes.square!): Roi => {
  const r = createRoi({ kind, points, closed, image }, plane);
  if (!r.ok) throw new Error(r.problem);
  return r.roi;
};

describe('domain → Cornerstone → domain does not drift', () => {
  for (const [name, plane] of Object.entries(planes)) {
    it(`returns identical stored numbers for every editable kind (${name} plane)`, () => {
      const w = plane.columns;
      const h = plane.rows;
      const cases: Roi[] = [
        make('point', [[w / 2, h / 2]], false, plane),
        make('circle', [[w / 2, h / 2], [w / 2 + 10.1234, h / 2]], false, plane),
        make('ellipse', [[w / 2 - 20.5, h / 2], [w / 2 + 20.5, h / 2], [w / 2, h / 2 - 7.25], [w / 2, h / 2 + 7.25]], false, plane),
        make('polyline', [[1.5, 2.25], [30.125, 40.0625], [50.5, 10.75]], true, plane),
        make('interpolated', [[5.5, 5.25], [20.125, 30.0625], [40.5, 12.75], [33.3333, 3.1]], false, plane),
      ];
      for (const roi of cases) expect(roundTrip(roi, plane)).toEqual(roi.points);
    });
  }

  it('property: random points on an oblique non-square plane come back identical', () => {
    const plane = planes.oblique!;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true }), (x, y) => {
        const roi = make('point', [[x, y]], false, plane);
        expect(roundTrip(roi, plane)).toEqual(roi.points);
      }),
    );
  });

  it('a rotated ellipse is shown read-only as its outline', () => {
    const roi = make('ellipse', [[200, 200], [260, 260], [244.142, 215.858], [215.858, 244.142]]);
    const [a] = annotationsFromRoi(roi, target(planes.square!), false);
    expect(a!.metadata.toolName).toBe(READONLY_CONTOUR_TOOL);
    expect(a!.isLocked).toBe(true);
    expect(a!.data.contour?.closed).toBe(true);
  });

  it('an axis-aligned ellipse maps to Cornerstone order [bottom, top, left, right] and back to major-first', () => {
    const roi = make('ellipse', [[100, 50], [100, 150], [80, 100], [120, 100]]); // vertical major axis
    const [a] = annotationsFromRoi(roi, target(planes.square!), false);
    expect(a!.metadata.toolName).toBe('EllipticalROI');
    const g = geometryFromAnnotation(a!, planes.square!)!;
    const back = createRoi({ ...roi, points: g.points }, planes.square!);
    expect(back.ok && back.roi.points).toEqual(roi.points);
  });
});

describe('very long paths', () => {
  it('are shown read-only and thinned, never as one handle per vertex', () => {
    const n = 100_000;
    const points = Array.from({ length: n }, (_, i) => [64 + 40 * Math.cos((2 * Math.PI * i) / n), 64 + 40 * Math.sin((2 * Math.PI * i) / n)] as const);
    const roi = { id: 'long', image: { studyUid: '1', seriesUid: '2', sopInstanceUid: '3', sopClassUid: '4' }, label: '', kind: 'polyline', points, closed: true } as const;
    const [a] = annotationsFromRoi(roi, target({ rows: 128, columns: 128 }), false);
    expect(a!.metadata.toolName).toBe(READONLY_CONTOUR_TOOL);
    expect(a!.isLocked).toBe(true);
    expect(a!.data.contour!.polyline!.length).toBeLessThan(1000);
  });
});
