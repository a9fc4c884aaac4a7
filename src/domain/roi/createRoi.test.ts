import { describe, expect, it } from 'vitest';
import { createRoi, type RoiInput } from './createRoi';
import { clampToImage, isInsideImage } from './clampToImage';
import { newRoiId } from './newRoiId';
import type { ImageRef, Roi } from './Roi';

const image: ImageRef = { studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const size = { rows: 100, columns: 200 };
const input = (kind: RoiInput['kind'], points: RoiInput['points'], closed?: boolean): RoiInput => ({ kind, points, closed, image, id: 'r1' });

function roiOf(i: RoiInput): Roi {
  const r = createRoi(i, size);
  if (!r.ok) throw new Error(r.problem);
  return r.roi;
}
function problemOf(i: RoiInput): string {
  const r = createRoi(i, size);
  return r.ok ? 'ok' : r.problem;
}

describe('createRoi', () => {
  it('creates a point and rounds to 4 decimals', () => {
    expect(roiOf(input('point', [[10.123456, 20.00004]])).points).toEqual([[10.1235, 20]]);
  });

  it('rejects a point with 2 positions', () => {
    expect(problemOf(input('point', [[1, 1], [2, 2]]))).toBe('A point needs exactly 1 position');
  });

  it('creates nothing for a click outside the image (edges are inside)', () => {
    expect(problemOf(input('point', [[200.01, 5]]))).toBe('Outside the image');
    expect(problemOf(input('point', [[5, -0.01]]))).toBe('Outside the image');
    expect(roiOf(input('point', [[200, 100]])).points).toEqual([[200, 100]]);
    expect(roiOf(input('point', [[0, 0]])).points).toEqual([[0, 0]]);
  });

  it('rejects non-finite coordinates', () => {
    expect(problemOf(input('point', [[NaN, 1]]))).toBe('Coordinates must be finite numbers');
    expect(problemOf(input('point', [[Infinity, 1]]))).toBe('Coordinates must be finite numbers');
  });

  it('circle: exactly 2 points and a non-zero radius', () => {
    expect(roiOf(input('circle', [[50, 50], [60, 50]])).kind).toBe('circle');
    expect(problemOf(input('circle', [[50, 50], [50, 50]]))).toBe('Circle radius is zero');
    expect(problemOf(input('circle', [[50, 50]]))).toBe('Circle needs a centre and a point on its edge');
    // Radius below the stored precision rounds to zero.
    expect(problemOf(input('circle', [[50, 50], [50.00001, 50]]))).toBe('Circle radius is zero');
  });

  it('ellipse: puts the major axis first', () => {
    const roi = roiOf(input('ellipse', [[50, 40], [50, 60], [30, 50], [70, 50]]));
    expect(roi.points).toEqual([[30, 50], [70, 50], [50, 40], [50, 60]]);
  });

  it('ellipse: keeps a rotated ellipse that is already major-first', () => {
    const pts: RoiInput['points'] = [[40, 40], [60, 60], [55, 45], [45, 55]];
    expect(roiOf(input('ellipse', pts)).points).toEqual(pts);
  });

  it('ellipse: rejects non-perpendicular axes, off-centre axes, zero area and wrong counts', () => {
    expect(problemOf(input('ellipse', [[30, 50], [70, 50], [45, 40], [55, 60]]))).toBe('Ellipse axes are not perpendicular');
    expect(problemOf(input('ellipse', [[30, 50], [70, 50], [35, 40], [35, 60]]))).toBe('Ellipse axes do not cross at their centres');
    expect(problemOf(input('ellipse', [[30, 50], [70, 50], [50, 50], [50, 50]]))).toBe('Ellipse has zero area');
    expect(problemOf(input('ellipse', [[30, 50], [70, 50], [50, 40]]))).toBe('Ellipse needs 4 points (two axes)');
  });

  it('polyline: needs 2 distinct points open, 3 closed', () => {
    expect(roiOf(input('polyline', [[1, 1], [2, 2]]))).toMatchObject({ closed: false });
    expect(problemOf(input('polyline', [[1, 1], [1, 1], [1, 1]]))).toBe('A line needs at least 2 distinct points');
    expect(problemOf(input('polyline', [[1, 1], [2, 2], [1, 1], [2, 2]], true))).toBe('A closed outline needs at least 3 distinct points');
    expect(roiOf(input('polyline', [[1, 1], [2, 2], [3, 1]], true))).toMatchObject({ closed: true });
  });

  it('polyline/interpolated: an open path whose ends meet becomes closed without the repeat', () => {
    const roi = roiOf(input('interpolated', [[1, 1], [5, 1], [5, 5], [1, 1]], false));
    expect(roi).toMatchObject({ closed: true, points: [[1, 1], [5, 1], [5, 5]] });
  });

  it('keeps the id when editing and creates a UUID v4 otherwise', () => {
    expect(roiOf(input('point', [[1, 1]])).id).toBe('r1');
    const r = createRoi({ kind: 'point', points: [[1, 1]], image }, size);
    expect(r.ok && r.roi.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.ok && r.roi.label).toBe('');
  });
});

describe('clampToImage', () => {
  it('moves outside points onto the border and leaves inside points alone', () => {
    expect(clampToImage([-3, 150], size)).toEqual([0, 100]);
    expect(clampToImage([250, -1], size)).toEqual([200, 0]);
    expect(clampToImage([12.5, 7.25], size)).toEqual([12.5, 7.25]);
    expect(isInsideImage(clampToImage([999, 999], size), size)).toBe(true);
  });
});

describe('newRoiId', () => {
  it('gives distinct UUID v4s', () => {
    const a = newRoiId();
    expect(a).not.toBe(newRoiId());
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
  });
});
