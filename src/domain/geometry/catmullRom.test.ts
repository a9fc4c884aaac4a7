import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleCatmullRom } from './catmullRom';
import type { Point2 } from '../roi/Roi';

const contains = (curve: readonly Point2[], p: Point2) => curve.some((q) => q[0] === p[0] && q[1] === p[1]);

describe('sampleCatmullRom', () => {
  it('passes through every control point (open and closed)', () => {
    const pts = fc.array(fc.tuple(fc.integer({ min: 0, max: 512 }), fc.integer({ min: 0, max: 512 })), { minLength: 3, maxLength: 30 });
    fc.assert(
      fc.property(pts, fc.boolean(), (p, closed) => {
        const curve = sampleCatmullRom(p, closed, 8);
        return p.every((q) => contains(curve, q));
      }),
    );
  });

  it('samples between control points rather than returning them alone', () => {
    const ctrl: Point2[] = [[0, 0], [10, 10], [20, 0]];
    const curve = sampleCatmullRom(ctrl, false, 10);
    expect(curve).toHaveLength(2 * 10 + 1);
    expect(curve[0]).toEqual([0, 0]);
    expect(curve[curve.length - 1]).toEqual([20, 0]);
    // Rounds the corner at (10,10): the mid-sample of the first segment lies
    // above the chord y = x, and no sample overshoots the peak.
    const mid = curve[5]!;
    expect(mid[1]).toBeGreaterThan(mid[0]);
    expect(Math.max(...curve.map((p) => p[1]))).toBe(10);
  });

  it('a closed curve is a ring with one segment per control point', () => {
    const sq: Point2[] = [[0, 0], [10, 0], [10, 10], [0, 10]];
    const curve = sampleCatmullRom(sq, true, 4);
    expect(curve).toHaveLength(16);
    // Rounded square: midpoint of the bottom edge bows outwards (y < 0).
    expect(curve[2]![1]).toBeLessThan(0);
  });

  it('two points give a straight line; coincident neighbours are ignored', () => {
    const curve = sampleCatmullRom([[0, 0], [0, 0], [4, 2]], false, 4);
    const expected = [[0, 0], [1, 0.5], [2, 1], [3, 1.5], [4, 2]];
    expect(curve).toHaveLength(expected.length);
    curve.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(expected[i]![0]!, 9);
      expect(p[1]).toBeCloseTo(expected[i]![1]!, 9);
    });
  });
});
