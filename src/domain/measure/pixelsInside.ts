import type { Point2, Roi } from '../roi/Roi';
import { roiOutline } from './roiOutline';

/** Pixel index: column i, row j (centre at i+0.5, j+0.5). */
export type PixelIndex = readonly [i: number, j: number];

/**
 * Pixels whose centres lie inside a closed ROI, row by row. Open paths and
 * points enclose nothing. A centre exactly on the left/top boundary counts,
 * one on the right/bottom does not, so adjacent ROIs never share a pixel.
 */
export function* pixelsInside(roi: Roi, rows: number, columns: number): Generator<PixelIndex> {
  switch (roi.kind) {
    case 'circle': {
      const [c, e] = roi.points;
      const r = Math.hypot(e[0] - c[0], e[1] - c[1]);
      yield* conic(c, [r, 0], [0, r], rows, columns);
      return;
    }
    case 'ellipse': {
      const [m0, m1, n0, n1] = roi.points;
      const centre: Point2 = [(m0[0] + m1[0]) / 2, (m0[1] + m1[1]) / 2];
      yield* conic(centre, [(m1[0] - m0[0]) / 2, (m1[1] - m0[1]) / 2], [(n1[0] - n0[0]) / 2, (n1[1] - n0[1]) / 2], rows, columns);
      return;
    }
    case 'polyline':
    case 'interpolated': {
      const outline = roiOutline(roi);
      if (outline?.closed) yield* polygon(outline.points, rows, columns);
      return;
    }
    default:
      return;
  }
}

/** Ellipse given by centre and two conjugate semi-diameters u, v (a circle when u ⟂ v, |u| = |v|). */
function* conic(c: Point2, u: Point2, v: Point2, rows: number, columns: number): Generator<PixelIndex> {
  const det = u[0] * v[1] - u[1] * v[0];
  if (det === 0) return;
  const hx = Math.abs(u[0]) + Math.abs(v[0]);
  const hy = Math.abs(u[1]) + Math.abs(v[1]);
  const j0 = Math.max(0, Math.floor(c[1] - hy - 0.5));
  const j1 = Math.min(rows - 1, Math.ceil(c[1] + hy - 0.5));
  const i0 = Math.max(0, Math.floor(c[0] - hx - 0.5));
  const i1 = Math.min(columns - 1, Math.ceil(c[0] + hx - 0.5));
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const dx = i + 0.5 - c[0];
      const dy = j + 0.5 - c[1];
      // Coordinates of (dx, dy) in the (u, v) basis; inside iff s² + t² ≤ 1.
      const s = (dx * v[1] - dy * v[0]) / det;
      const t = (u[0] * dy - u[1] * dx) / det;
      if (s * s + t * t <= 1) yield [i, j];
    }
  }
}

/** Even-odd scanline fill at pixel-centre rows. */
function* polygon(ring: readonly Point2[], rows: number, columns: number): Generator<PixelIndex> {
  if (ring.length < 3) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of ring) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const j0 = Math.max(0, Math.ceil(minY - 0.5));
  const j1 = Math.min(rows - 1, Math.floor(maxY - 0.5));
  const xs: number[] = [];
  for (let j = j0; j <= j1; j++) {
    const y = j + 0.5;
    xs.length = 0;
    for (let k = 0; k < ring.length; k++) {
      const a = ring[k] as Point2;
      const b = ring[(k + 1) % ring.length] as Point2;
      // Half-open in y so a vertex on the scanline is counted once.
      if ((a[1] <= y && y < b[1]) || (b[1] <= y && y < a[1])) {
        xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
      }
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil((xs[k] as number) - 0.5));
      const to = Math.min(columns - 1, Math.ceil((xs[k + 1] as number) - 0.5) - 1);
      for (let i = from; i <= to; i++) yield [i, j];
    }
  }
}
