import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simplifyPath } from './simplifyPath';
import type { Point2 } from '../roi/Roi';

function distToPath(p: Point2, path: readonly Point2[]): number {
  let best = Infinity;
  for (let k = 1; k < path.length; k++) {
    const a = path[k - 1]!;
    const b = path[k]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
    best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
  }
  return best;
}

describe('simplifyPath', () => {
  it('a 100,000-point circle keeps its shape within the tolerance with a few hundred vertices', () => {
    const n = 100_000;
    const pts: Point2[] = Array.from({ length: n }, (_, i) => [256 + 150 * Math.cos((2 * Math.PI * i) / n), 256 + 150 * Math.sin((2 * Math.PI * i) / n)]);
    const out = simplifyPath(pts, 0.1);
    expect(out.length).toBeLessThan(1000);
    expect(out[0]).toEqual(pts[0]);
    expect(out[out.length - 1]).toEqual(pts[n - 1]);
    for (let i = 0; i < n; i += 997) expect(distToPath(pts[i]!, out)).toBeLessThanOrEqual(0.1 + 1e-9);
  });

  it('every dropped point stays within the tolerance of the result', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 0, maxLength: 60 }), (raw) => {
        const pts = raw as Point2[];
        const out = simplifyPath(pts, 0.5);
        if (pts.length <= 2) expect(out).toEqual(pts);
        else for (const p of pts) expect(distToPath(p, out)).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
    );
  });
});
