import type { InterpolatedRoi, Point2 } from '../../roi/Roi';
import type { ImageRegion2D } from '../ImagingSelection';
import { checkPath } from '../../roi/shapeChecks';
import { closedRing } from './polyline';
import { toCoordinates, withShape, type FromRegion, type RoiBase } from './RegionMapping';

/** Only the control points are stored; the viewer samples the curve (sampleCatmullRom). */
export function interpolatedToRegion(roi: InterpolatedRoi): ImageRegion2D {
  return { regionType: 'interpolated', coordinate: toCoordinates(closedRing(roi.points, roi.closed)) };
}

export function interpolatedFromRegion(points: readonly Point2[], base: RoiBase): FromRegion<InterpolatedRoi> {
  const c = checkPath(points, false);
  if (!c.ok) return c;
  return { ok: true, roi: withShape<InterpolatedRoi>(base, { kind: 'interpolated', points: c.value.points, closed: c.value.closed }) };
}
