import type { MultipointRoi, Point2 } from '../../roi/Roi';
import type { ImageRegion2D } from '../ImagingSelection';
import { toCoordinates, withShape, type FromRegion, type RoiBase } from './RegionMapping';

/**
 * `multipoint` exists only in the R6 ballot, and the R5 server we write to
 * rejects it. Writing keeps every point as its own R5 `point` region in the
 * same instance: nothing geometric is lost, but it reads back as separate
 * point ROIs. The viewer never draws multipoint, so this only happens when
 * an imported one is re-saved.
 */
export function multipointToRegions(roi: MultipointRoi): ImageRegion2D[] {
  return roi.points.map((p) => ({ regionType: 'point', coordinate: toCoordinates([p]) }));
}

export function multipointFromRegion(points: readonly Point2[], base: RoiBase): FromRegion<MultipointRoi> {
  if (points.length === 0) return { ok: false, problem: 'multipoint has no coordinates' };
  return { ok: true, roi: withShape<MultipointRoi>(base, { kind: 'multipoint', points }) };
}
