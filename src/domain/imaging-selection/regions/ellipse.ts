import type { EllipseRoi, Point2 } from '../../roi/Roi';
import type { ImageRegion2D } from '../ImagingSelection';
import { checkEllipse } from '../../roi/shapeChecks';
import { toCoordinates, withShape, type FromRegion, type RoiBase } from './RegionMapping';

/** Major-axis endpoints, then minor-axis endpoints (DICOM ELLIPSE); any angle. */
export function ellipseToRegion(roi: EllipseRoi): ImageRegion2D {
  return { regionType: 'ellipse', coordinate: toCoordinates(roi.points) };
}

export function ellipseFromRegion(points: readonly Point2[], base: RoiBase): FromRegion<EllipseRoi> {
  if (points.length !== 4) return { ok: false, problem: `ellipse needs 4 coordinate pairs, got ${points.length}` };
  const c = checkEllipse(points);
  if (!c.ok) return c;
  const roi = withShape<EllipseRoi>(base, { kind: 'ellipse', points: c.value.points });
  return c.value.reordered ? { ok: true, roi, warning: 'ellipse had its minor axis first; reordered' } : { ok: true, roi };
}
