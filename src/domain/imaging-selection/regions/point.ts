import type { Point2, PointRoi } from '../../roi/Roi';
import type { ImageRegion2D } from '../ImagingSelection';
import { toCoordinates, withShape, type FromRegion, type RoiBase } from './RegionMapping';

export function pointToRegion(roi: PointRoi): ImageRegion2D {
  return { regionType: 'point', coordinate: toCoordinates(roi.points) };
}

export function pointFromRegion(points: readonly Point2[], base: RoiBase): FromRegion<PointRoi> {
  const [p] = points;
  if (points.length !== 1 || !p) return { ok: false, problem: `point needs 1 coordinate pair, got ${points.length}` };
  return { ok: true, roi: withShape<PointRoi>(base, { kind: 'point', points: [p] }) };
}
