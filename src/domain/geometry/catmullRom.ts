/**
 * The curve DICOM INTERPOLATED means: a smooth curve through every control
 * point. We use centripetal Catmull-Rom (alpha = 0.5) because, unlike the
 * uniform variant, it never forms cusps or self-loops between close points,
 * so what the viewer draws (and measures) stays near the control polygon.
 */
import type { Point2 } from '../roi/Roi';

const ALPHA = 0.5;

function dedupe(points: readonly Point2[], closed: boolean): Point2[] {
  const out: Point2[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (closed && out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

const knot = (a: Point2, b: Point2) => Math.hypot(b[0] - a[0], b[1] - a[1]) ** ALPHA;

function lerp(a: Point2, b: Point2, ta: number, tb: number, t: number): Point2 {
  const w = (t - ta) / (tb - ta);
  return [a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w];
}

/** Barry–Goldman pyramid for the segment p1 → p2 at parameter fraction f ∈ (0,1). */
function segmentPoint(p0: Point2, p1: Point2, p2: Point2, p3: Point2, f: number): Point2 {
  const t0 = 0;
  const t1 = t0 + knot(p0, p1);
  const t2 = t1 + knot(p1, p2);
  const t3 = t2 + knot(p2, p3);
  const t = t1 + (t2 - t1) * f;
  const a1 = lerp(p0, p1, t0, t1, t);
  const a2 = lerp(p1, p2, t1, t2, t);
  const a3 = lerp(p2, p3, t2, t3, t);
  const b1 = lerp(a1, a2, t0, t2, t);
  const b2 = lerp(a2, a3, t1, t3, t);
  return lerp(b1, b2, t1, t2, t);
}

/**
 * Samples the curve through `points`. The result contains every control point
 * exactly, with `samplesPerSegment − 1` points between neighbours. A closed
 * curve is returned as a ring without repeating its first point.
 */
export function sampleCatmullRom(points: readonly Point2[], closed: boolean, samplesPerSegment = 16): Point2[] {
  const pts = dedupe(points, closed);
  const n = pts.length;
  if (n < 2 || (closed && n < 3)) return pts.slice();
  const steps = Math.max(1, Math.floor(samplesPerSegment));
  const at = (i: number): Point2 => {
    if (closed) return pts[((i % n) + n) % n] as Point2;
    // Open ends: reflect the neighbour so the end segments have a tangent.
    if (i < 0) return reflect(pts[0] as Point2, pts[1] as Point2);
    if (i >= n) return reflect(pts[n - 1] as Point2, pts[n - 2] as Point2);
    return pts[i] as Point2;
  };
  const out: Point2[] = [];
  const segments = closed ? n : n - 1;
  for (let i = 0; i < segments; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    out.push(p1);
    for (let k = 1; k < steps; k++) out.push(segmentPoint(p0, p1, p2, p3, k / steps));
  }
  if (!closed) out.push(pts[n - 1] as Point2);
  return out;
}

const reflect = (end: Point2, neighbour: Point2): Point2 => [2 * end[0] - neighbour[0], 2 * end[1] - neighbour[1]];
