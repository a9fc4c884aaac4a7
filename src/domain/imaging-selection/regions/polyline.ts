import type { Point2, PolylineRoi } from '../../roi/Roi';
import type { ImageRegion2D } from '../ImagingSelection';
import { checkPath } from '../../roi/shapeChecks';
import { toCoordinates, withShape, type FromRegion, type RoiBase } from './RegionMapping';

/** DICOM closes a polyline by repeating its first point at the end. */
export function closedRing(points: readonly Point2[], closed: boolean): readonly Point2[] {
  const first = points[0];
  return closed && first ? [...points, first] : points;
}

export function polylineToRegion(roi: PolylineRoi): ImageRegion2D {
  return { regionType: 'polyline', coordinate: toCoordinates(closedRing(roi.points, roi.closed)) };
}

/** Closed iff the first pair equals the last; the repeat is dropped. */
export function polylineFromRegion(points: readonly Point2[], base: RoiBase): FromRegion<PolylineRoi> {
  const c = checkPath(points, false);
  if (!c.ok) return c;
  return { ok: true, roi: withShape<PolylineRoi>(base, { kind: 'polyline', points: c.value.points, closed: c.value.closed }) };
}
