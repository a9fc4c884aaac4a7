/**
 * Shape invariants shared by the ROI constructor (user drawing) and the
 * ImagingSelection parser (data from other systems), so both accept exactly
 * the same shapes. Each check returns the normalised points or a short hint.
 */
import type { Point2 } from './Roi';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(problem: string): Checked<T> => ({ ok: false, problem });

const same = (a: Point2, b: Point2) => a[0] === b[0] && a[1] === b[1];
const dist = (a: Point2, b: Point2) => Math.hypot(b[0] - a[0], b[1] - a[1]);

/** Counts distinct points up to `limit`, without allocating (paths can be 100k points). */
export function distinctPointsUpTo(points: readonly Point2[], limit: number): number {
  const seen: Point2[] = [];
  for (const p of points) {
    if (!seen.some((s) => same(s, p))) {
      seen.push(p);
      if (seen.length >= limit) break;
    }
  }
  return seen.length;
}

export function checkCircle(points: readonly Point2[]): Checked<readonly [Point2, Point2]> {
  const [c, e] = points;
  if (points.length !== 2 || !c || !e) return fail('Circle needs a centre and a point on its edge');
  if (!(dist(c, e) > 0)) return fail('Circle radius is zero');
  return ok([c, e]);
}

export interface EllipseCheck {
  readonly points: readonly [Point2, Point2, Point2, Point2];
  /** True when the input had the minor axis first and was reordered. */
  readonly reordered: boolean;
}

export function checkEllipse(points: readonly Point2[]): Checked<EllipseCheck> {
  const [a, b, c, d] = points;
  if (points.length !== 4 || !a || !b || !c || !d) return fail('Ellipse needs 4 points (two axes)');
  const first = dist(a, b);
  const second = dist(c, d);
  if (!(first > 0) || !(second > 0)) return fail('Ellipse has zero area');
  const reordered = first < second;
  const [m0, m1, n0, n1] = reordered ? [c, d, a, b] : [a, b, c, d];
  const major = Math.max(first, second);
  const minor = Math.min(first, second);
  const ux = m1[0] - m0[0];
  const uy = m1[1] - m0[1];
  const vx = n1[0] - n0[0];
  const vy = n1[1] - n0[1];
  // Tolerances allow for 4-decimal rounding of small ellipses and for
  // drawing tools that compute handles in floating point.
  const cos = Math.abs(ux * vx + uy * vy) / (major * minor);
  if (cos > 0.01 + 2e-4 / minor) return fail('Ellipse axes are not perpendicular');
  const centreGap = Math.hypot((m0[0] + m1[0] - n0[0] - n1[0]) / 2, (m0[1] + m1[1] - n0[1] - n1[1]) / 2);
  if (centreGap > 1e-3 + 0.01 * major) return fail('Ellipse axes do not cross at their centres');
  return ok({ points: [m0, m1, n0, n1], reordered });
}

export interface PathCheck {
  readonly points: readonly Point2[];
  readonly closed: boolean;
}

/**
 * DICOM closes a POLYLINE/INTERPOLATED by repeating the first point, so an
 * "open" path whose ends coincide is closed; keeping it open would not
 * survive a save/load round trip. The repeat itself is dropped.
 */
export function checkPath(points: readonly Point2[], closed: boolean): Checked<PathCheck> {
  const first = points[0];
  const last = points[points.length - 1];
  const repeats = points.length >= 2 && first !== undefined && last !== undefined && same(first, last);
  const isClosed = closed || repeats;
  const ring = repeats ? points.slice(0, -1) : points;
  const distinct = distinctPointsUpTo(ring, 3);
  if (distinct < 2) return fail('A line needs at least 2 distinct points');
  if (isClosed && distinct < 3) return fail('A closed outline needs at least 3 distinct points');
  return ok({ points: ring, closed: isClosed });
}
