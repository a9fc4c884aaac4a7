import type { Point2, Roi } from '../roi/Roi';
import type { PixelSpacing } from '../geometry/imagePlane';
import { scaleOf, type Measurement } from './Measurement';
import { roiOutline } from './roiOutline';

export function pathLength(points: readonly Point2[], closed: boolean, spacing?: PixelSpacing): Measurement {
  const { sx, sy, mm } = scaleOf(spacing);
  let sum = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point2;
    const b = points[i] as Point2;
    sum += Math.hypot((b[0] - a[0]) * sx, (b[1] - a[1]) * sy);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (closed && first && last && points.length > 2) sum += Math.hypot((first[0] - last[0]) * sx, (first[1] - last[1]) * sy);
  return { value: sum, unit: mm ? 'mm' : 'px' };
}

/** Length of an open polyline/curve; for a closed one, its perimeter. */
export function roiLength(roi: Roi, spacing?: PixelSpacing): Measurement | undefined {
  const outline = roiOutline(roi);
  return outline ? pathLength(outline.points, outline.closed, spacing) : undefined;
}

/** Ramanujan's second approximation; relative error < 1e-9 for a/b < 3. */
function ellipseCircumference(a: number, b: number): number {
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/**
 * Semi-axes of the ellipse with conjugate semi-diameters u and v, after
 * scaling x by sx and y by sy. Non-square pixels turn a circle or a rotated
 * ellipse drawn in pixel space into a differently shaped ellipse in mm.
 */
export function scaledSemiAxes(u: Point2, v: Point2, sx: number, sy: number): { a: number; b: number } {
  const su: Point2 = [u[0] * sx, u[1] * sy];
  const sv: Point2 = [v[0] * sx, v[1] * sy];
  const s = su[0] ** 2 + su[1] ** 2 + sv[0] ** 2 + sv[1] ** 2; // a² + b²
  const p = Math.abs(su[0] * sv[1] - su[1] * sv[0]); // a·b
  const sum = Math.sqrt(s + 2 * p);
  const diff = Math.sqrt(Math.max(0, s - 2 * p));
  return { a: (sum + diff) / 2, b: (sum - diff) / 2 };
}

/** Perimeter of a closed ROI; undefined for open paths and points. */
export function roiPerimeter(roi: Roi, spacing?: PixelSpacing): Measurement | undefined {
  const { sx, sy, mm } = scaleOf(spacing);
  const unit = mm ? 'mm' : 'px';
  switch (roi.kind) {
    case 'circle': {
      const [c, e] = roi.points;
      const r = Math.hypot(e[0] - c[0], e[1] - c[1]);
      const { a, b } = scaledSemiAxes([r, 0], [0, r], sx, sy);
      return { value: ellipseCircumference(a, b), unit };
    }
    case 'ellipse': {
      const [m0, m1, n0, n1] = roi.points;
      const u: Point2 = [(m1[0] - m0[0]) / 2, (m1[1] - m0[1]) / 2];
      const v: Point2 = [(n1[0] - n0[0]) / 2, (n1[1] - n0[1]) / 2];
      const { a, b } = scaledSemiAxes(u, v, sx, sy);
      return { value: ellipseCircumference(a, b), unit };
    }
    case 'polyline':
    case 'interpolated':
      return roi.closed ? roiLength(roi, spacing) : undefined;
    default:
      return undefined;
  }
}
