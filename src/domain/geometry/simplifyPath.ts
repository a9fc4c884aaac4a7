import type { Point2 } from '../roi/Roi';

/**
 * Ramer–Douglas–Peucker: the fewest vertices that keep every dropped vertex
 * within `tolerance` (image px) of the kept path. Used only to display very
 * long paths (a 100,000-point outline would otherwise mean 100,000 handles);
 * the ROI itself, its measurements and what is saved keep every point.
 * Iterative, so huge inputs cannot overflow the stack.
 */
export function simplifyPath(points: readonly Point2[], tolerance: number): Point2[] {
  const n = points.length;
  if (n <= 2) return points.slice();
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: Array<[number, number]> = [[0, n - 1]];
  const tol2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const pa = points[a]!;
    const pb = points[b]!;
    const dx = pb[0] - pa[0];
    const dy = pb[1] - pa[1];
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD2 = tol2;
    for (let k = a + 1; k < b; k++) {
      const p = points[k]!;
      let d2: number;
      if (len2 === 0) d2 = (p[0] - pa[0]) ** 2 + (p[1] - pa[1]) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((p[0] - pa[0]) * dx + (p[1] - pa[1]) * dy) / len2));
        d2 = (p[0] - pa[0] - t * dx) ** 2 + (p[1] - pa[1] - t * dy) ** 2;
      }
      if (d2 > worstD2) {
        worstD2 = d2;
        worst = k;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: Point2[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) out.push(points[k]!);
  return out;
}
