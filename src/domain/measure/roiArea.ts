import type { Point2, Roi } from '../roi/Roi';
import type { PixelSpacing } from '../geometry/imagePlane';
import { scaleOf, type Measurement } from './Measurement';
import { roiOutline } from './roiOutline';

/** Shoelace area of a simple polygon ring, in px². */
export function polygonArea(ring: readonly Point2[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Point2;
    const b = ring[(i + 1) % ring.length] as Point2;
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(twice) / 2;
}

/**
 * Area of a closed ROI. Any shape's area scales by columnSpacing·rowSpacing
 * from px² to mm², whatever its orientation, so non-square pixels need no
 * special case here.
 */
export function roiArea(roi: Roi, spacing?: PixelSpacing): Measurement | undefined {
  const { sx, sy, mm } = scaleOf(spacing);
  let px2: number;
  switch (roi.kind) {
    case 'circle': {
      const [c, e] = roi.points;
      px2 = Math.PI * ((e[0] - c[0]) ** 2 + (e[1] - c[1]) ** 2);
      break;
    }
    case 'ellipse': {
      const [m0, m1, n0, n1] = roi.points;
      px2 = (Math.PI * Math.hypot(m1[0] - m0[0], m1[1] - m0[1]) * Math.hypot(n1[0] - n0[0], n1[1] - n0[1])) / 4;
      break;
    }
    case 'polyline':
    case 'interpolated': {
      if (!roi.closed) return undefined;
      px2 = polygonArea(roiOutline(roi)?.points ?? []);
      break;
    }
    default:
      return undefined;
  }
  return mm ? { value: px2 * sx * sy, unit: 'mm²' } : { value: px2, unit: 'px²' };
}
