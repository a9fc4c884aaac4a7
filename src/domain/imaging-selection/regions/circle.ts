import type { CircleRoi, Point2 } from '../../roi/Roi';
import type { ImageRegion2D } from '../ImagingSelection';
import { checkCircle } from '../../roi/shapeChecks';
import { toCoordinates, withShape, type FromRegion, type RoiBase } from './RegionMapping';

/** Centre, then a point on the circumference (DICOM CIRCLE). */
export function circleToRegion(roi: CircleRoi): ImageRegion2D {
  return { regionType: 'circle', coordinate: toCoordinates(roi.points) };
}

export function circleFromRegion(points: readonly Point2[], base: RoiBase): FromRegion<CircleRoi> {
  if (points.length !== 2) return { ok: false, problem: `circle needs 2 coordinate pairs, got ${points.length}` };
  const c = checkCircle(points);
  return c.ok ? { ok: true, roi: withShape<CircleRoi>(base, { kind: 'circle', points: c.value }) } : c;
}
