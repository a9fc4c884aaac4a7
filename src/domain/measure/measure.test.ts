import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roiLength, roiPerimeter } from './roiLength';
import { roiArea } from './roiArea';
import { pixelsInside } from './pixelsInside';
import { roiModalityStats, roiStats } from './roiStats';
import { circle, ellipse, interpolated, polyline } from './testRois';
import type { PointRoi } from '../roi/Roi';

/** Oracle: polyline length of the scaled ellipse c + u·cos t + v·sin t, finely sampled. */
function numericPerimeter(u: readonly [number, number], v: readonly [number, number], sx: number, sy: number): number {
  const n = 100_000;
  let sum = 0;
  let prev = [u[0] * sx, u[1] * sy];
  for (let k = 1; k <= n; k++) {
    const t = (2 * Math.PI * k) / n;
    const p = [(u[0] * Math.cos(t) + v[0] * Math.sin(t)) * sx, (u[1] * Math.cos(t) + v[1] * Math.sin(t)) * sy];
    sum += Math.hypot(p[0]! - prev[0]!, p[1]! - prev[1]!);
    prev = p;
  }
  return sum;
}

describe('length and perimeter', () => {
  it('measures an open polyline in px without spacing and in mm with non-square spacing', () => {
    const roi = polyline([[0, 0], [3, 0], [3, 4]], false);
    expect(roiLength(roi)).toEqual({ value: 7, unit: 'px' });
    // 3 columns × 0.5 mm + 4 rows × 2 mm
    expect(roiLength(roi, [2, 0.5])).toEqual({ value: 1.5 + 8, unit: 'mm' });
    expect(roiPerimeter(roi)).toBeUndefined();
  });

  it('a closed polyline includes the closing edge', () => {
    const roi = polyline([[0, 0], [3, 0], [3, 4]], true);
    expect(roiLength(roi)?.value).toBeCloseTo(12, 12);
    expect(roiPerimeter(roi)?.value).toBeCloseTo(12, 12);
  });

  it('an interpolated closed curve through a circle’s points has about the circle’s perimeter', () => {
    const n = 12;
    const pts = Array.from({ length: n }, (_, k) => [50 + 10 * Math.cos((2 * Math.PI * k) / n), 50 + 10 * Math.sin((2 * Math.PI * k) / n)] as const);
    const roi = interpolated(pts.map((p) => [p[0], p[1]]), true);
    expect(Math.abs(roiPerimeter(roi)!.value - 2 * Math.PI * 10)).toBeLessThan(0.2);
    // Catmull-Rom through 12 points hugs the circle to within 0.5 %.
    expect(Math.abs(roiArea(roi)!.value / (Math.PI * 100) - 1)).toBeLessThan(0.005);
    // ...and is clearly rounder than the 12-gon through the same points (3.3 % smaller).
    expect(roiArea(roi)!.value).toBeGreaterThan(roiArea(polyline(pts.map((p) => [p[0], p[1]]), true))!.value + 5);
  });

  it('circle perimeter honours non-square pixels (becomes an ellipse in mm)', () => {
    const roi = circle([10, 10], [13, 14]); // r = 5 px
    expect(roiPerimeter(roi)!.value).toBeCloseTo(10 * Math.PI, 10);
    expect(roiPerimeter(roi, [1, 1])).toEqual({ value: roiPerimeter(roi)!.value, unit: 'mm' });
    // Rows 2 mm apart, columns 1 mm: semi-axes 5 mm (x) and 10 mm (y).
    expect(roiPerimeter(roi, [2, 1])!.value).toBeCloseTo(numericPerimeter([5, 0], [0, 5], 1, 2), 6);
    expect(roiPerimeter(roi, [1, 2])!.value).toBeCloseTo(numericPerimeter([5, 0], [0, 5], 2, 1), 6);
  });

  it('rotated ellipse perimeter with non-square pixels', () => {
    // Major axis along the diagonal, semi-axes 2√2 and √2 px.
    const roi = ellipse([8, 8], [12, 12], [11, 9], [9, 11]);
    expect(roiPerimeter(roi)!.value).toBeCloseTo(numericPerimeter([2, 2], [-1, 1], 1, 1), 6);
    const p = roiPerimeter(roi, [1, 2])!; // columns 2 mm apart: x doubles
    expect(p.unit).toBe('mm');
    expect(p.value).toBeCloseTo(numericPerimeter([2, 2], [-1, 1], 2, 1), 6);
    expect(p.value).toBeCloseTo(21.236, 3);
  });
});

describe('area', () => {
  it('circle πr², in mm² scaled by both spacings', () => {
    const roi = circle([10, 10], [13, 14]);
    expect(roiArea(roi)).toEqual({ value: 25 * Math.PI, unit: 'px²' });
    expect(roiArea(roi, [0.5, 0.25])!.value).toBeCloseTo(25 * Math.PI * 0.125, 12);
    expect(roiArea(roi, [0.5, 0.25])!.unit).toBe('mm²');
  });

  it('ellipse πab', () => {
    expect(roiArea(ellipse([0, 5], [10, 5], [5, 3], [5, 7]))!.value).toBeCloseTo(Math.PI * 5 * 2, 12);
  });

  it('closed polygon by shoelace, either winding; open paths have none', () => {
    expect(roiArea(polyline([[0, 0], [4, 0], [4, 3]], true))!.value).toBe(6);
    expect(roiArea(polyline([[4, 3], [4, 0], [0, 0]], true))!.value).toBe(6);
    expect(roiArea(polyline([[0, 0], [4, 0], [4, 3]], false))).toBeUndefined();
    expect(roiArea(polyline([[0, 0], [4, 0], [4, 3]], true), [3, 2])!.value).toBe(36);
  });

  it('ignores invalid spacing and falls back to px', () => {
    expect(roiArea(circle([0, 0], [1, 0]), [0, 1])!.unit).toBe('px²');
  });
});

describe('pixelsInside', () => {
  const set = (it: Iterable<readonly [number, number]>) => new Set([...it].map(([i, j]) => `${i},${j}`));

  it('a 2×2 pixel square covers exactly those 4 pixels', () => {
    const roi = polyline([[1, 1], [3, 1], [3, 3], [1, 3]], true);
    expect(set(pixelsInside(roi, 10, 10))).toEqual(new Set(['1,1', '2,1', '1,2', '2,2']));
  });

  it('a circle of radius 1 around a pixel centre covers the 4-neighbourhood', () => {
    const roi = circle([5.5, 5.5], [6.5, 5.5]);
    expect(set(pixelsInside(roi, 10, 10))).toEqual(new Set(['5,5', '4,5', '6,5', '5,4', '5,6']));
  });

  it('is clipped to the image', () => {
    const roi = circle([0, 0], [3, 0]);
    for (const [i, j] of pixelsInside(roi, 10, 10)) {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(j).toBeGreaterThanOrEqual(0);
    }
    // Quarter disc: centres (i+.5, j+.5) within 3 of the origin.
    expect(set(pixelsInside(roi, 10, 10))).toEqual(new Set(['0,0', '0,1', '0,2', '1,0', '1,1', '1,2', '2,0', '2,1']));
  });

  it('count approximates the area for random rotated ellipses', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: Math.PI, noNaN: true }), fc.double({ min: 10, max: 40, noNaN: true }), fc.double({ min: 5, max: 10, noNaN: true }), (th, a, b) => {
        const c = [64, 64] as const;
        const u = [a * Math.cos(th), a * Math.sin(th)] as const;
        const v = [-b * Math.sin(th), b * Math.cos(th)] as const;
        const roi = ellipse([c[0] - u[0], c[1] - u[1]], [c[0] + u[0], c[1] + u[1]], [c[0] - v[0], c[1] - v[1]], [c[0] + v[0], c[1] + v[1]]);
        const n = [...pixelsInside(roi, 128, 128)].length;
        return Math.abs(n - Math.PI * a * b) < 2 * Math.PI * (a + b) * 0.75;
      }),
      { numRuns: 50 },
    );
  });

  it('open paths and points contain nothing', () => {
    expect([...pixelsInside(polyline([[0, 0], [5, 5], [0, 5]], false), 10, 10)]).toEqual([]);
    const pt: PointRoi = { id: 'p', image: circle([0, 0], [1, 1]).image, label: '', kind: 'point', points: [[1, 1]] };
    expect([...pixelsInside(pt, 10, 10)]).toEqual([]);
  });
});

describe('roiStats', () => {
  it('computes count, mean, population SD, min, max through a getter', () => {
    const roi = polyline([[0, 0], [2, 0], [2, 2], [0, 2]], true);
    const values = [[1, 3], [5, 7]]; // values[j][i]
    const s = roiStats(roi, 4, 4, (i, j) => values[j]![i]!);
    expect(s).toEqual({ count: 4, mean: 4, stdDev: Math.sqrt(5), min: 1, max: 7 });
  });

  it('skips non-finite values and returns undefined when nothing is inside', () => {
    const roi = polyline([[0, 0], [2, 0], [2, 1], [0, 1]], true);
    expect(roiStats(roi, 4, 4, (i) => (i === 0 ? NaN : 10))).toMatchObject({ count: 1, mean: 10, stdDev: 0 });
    expect(roiStats(polyline([[0, 0], [2, 0]], false), 4, 4, () => 1)).toBeUndefined();
  });

  it('stays accurate with large offsets', () => {
    const roi = polyline([[0, 0], [100, 0], [100, 100], [0, 100]], true);
    const s = roiStats(roi, 100, 100, (i) => 1e9 + (i % 2));
    expect(s!.stdDev).toBeCloseTo(0.5, 9);
  });
});

describe('roiModalityStats', () => {
  const roi = polyline([[0, 0], [2, 0], [2, 1], [0, 1]], true);
  it('rescales stored values once (CT stored 2806 with intercept -1024 is 1782 HU)', () => {
    const s = roiModalityStats(roi, 4, 4, { kind: 'modality', transform: { kind: 'rescale', slope: 1, intercept: -1024 }, unit: 'HU' }, (i) => (i === 0 ? 2806 : 0));
    expect(s).toEqual({ kind: 'values', unit: 'HU', count: 2, mean: (1782 - 1024) / 2, stdDev: 1403, min: -1024, max: 1782 });
  });
  it('colour images get a reason instead of numbers', () => {
    expect(roiModalityStats(roi, 4, 4, { kind: 'none', reason: 'colour image: no modality values' }, () => 1)).toEqual({ kind: 'none', reason: 'colour image: no modality values' });
  });
});
