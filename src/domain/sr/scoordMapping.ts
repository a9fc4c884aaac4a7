import type { Point2, Roi, RoiKind } from '../roi/Roi';
import type { FromRegion, RoiBase } from '../imaging-selection/regions/RegionMapping';
import { pointFromRegion } from '../imaging-selection/regions/point';
import { closedRing, polylineFromRegion } from '../imaging-selection/regions/polyline';
import { circleFromRegion } from '../imaging-selection/regions/circle';
import { ellipseFromRegion } from '../imaging-selection/regions/ellipse';
import { multipointFromRegion } from '../imaging-selection/regions/multipoint';
import { roundCoord } from '../geometry/rounding';
import type { GraphicType, Scoord, SrImageRef } from './SrContent';

/**
 * ROI ↔ SCOORD, one entry per ROI kind, both directions side by side.
 *
 * SCOORD Graphic Data uses the same TLHC (column, row) image coordinates as
 * our model, so points are copied as they are. Graphic Data is FL (32-bit
 * float): reading rounds back to the model's 4 decimals, which gives the
 * identical numbers for every coordinate below 1024 (float32 keeps 1/16384
 * of a pixel there); on larger images a coordinate can move by 1/10000 px.
 *
 * Interpolated curves: SR SCOORD has no curve type (PS3.3 C.18.6.1.2 lists
 * POINT, MULTIPOINT, POLYLINE, CIRCLE, ELLIPSE; SPLINE exists only in newer
 * SCOORD3D/presentation-state contexts that OHIF, Slim and highdicom do not
 * draw from a 2D SCOORD). The curve's control points are written as a
 * POLYLINE: every reader shows the exact points, joined by straight lines,
 * and reading it back gives a polyline with the same coordinates.
 */
interface ScoordMapping {
  readonly graphicType: GraphicType;
  /** Points to write, closing repeat included. */
  readonly toPoints: (roi: Roi) => readonly Point2[];
}

const MAPPINGS: Record<RoiKind, ScoordMapping> = {
  point: { graphicType: 'POINT', toPoints: (r) => r.points },
  polyline: { graphicType: 'POLYLINE', toPoints: (r) => closedRing(r.points, r.kind === 'polyline' && r.closed) },
  interpolated: { graphicType: 'POLYLINE', toPoints: (r) => closedRing(r.points, r.kind === 'interpolated' && r.closed) },
  circle: { graphicType: 'CIRCLE', toPoints: (r) => r.points },
  ellipse: { graphicType: 'ELLIPSE', toPoints: (r) => r.points },
  multipoint: { graphicType: 'MULTIPOINT', toPoints: (r) => r.points },
};

const FROM_SCOORD: Record<GraphicType, (points: readonly Point2[], base: RoiBase) => FromRegion<Roi>> = {
  POINT: pointFromRegion,
  MULTIPOINT: multipointFromRegion,
  POLYLINE: polylineFromRegion,
  CIRCLE: circleFromRegion,
  ELLIPSE: ellipseFromRegion,
};

/** How many numbers each graphic type needs (PS3.3 C.18.6.1.2). */
const COUNT_RULE: Record<GraphicType, (n: number) => boolean> = {
  POINT: (n) => n === 2,
  MULTIPOINT: (n) => n >= 2,
  POLYLINE: (n) => n >= 4,
  CIRCLE: (n) => n === 4,
  ELLIPSE: (n) => n === 8,
};

export function srImageRef(roi: Roi): SrImageRef {
  const { sopClassUid, sopInstanceUid, frameNumber } = roi.image;
  return { sopClassUid, sopInstanceUid, ...(frameNumber !== undefined ? { frameNumber } : {}) };
}

export function roiToScoord(roi: Roi): Scoord {
  const m = MAPPINGS[roi.kind];
  return { graphicType: m.graphicType, graphicData: m.toPoints(roi).flatMap((p) => [p[0], p[1]]), image: srImageRef(roi) };
}

export type FromScoord = { readonly ok: true; readonly roi: Roi; readonly warning?: string } | { readonly ok: false; readonly problem: string };

/**
 * An SCOORD back to an ROI on an image of the given size; the caller supplies
 * everything but the shape (id, image, label, finding). Every problem is a
 * short reason, never an exception.
 */
export function scoordToRoi(graphicType: string, graphicData: readonly unknown[], base: RoiBase, size: { rows: number; columns: number }): FromScoord {
  if (!(graphicType in FROM_SCOORD)) return { ok: false, problem: `graphic type ${graphicType || '(none)'} is not a 2D SCOORD type this viewer draws` };
  const type = graphicType as GraphicType;
  const n = graphicData.length;
  if (n % 2 !== 0) return { ok: false, problem: `odd number of coordinates (${n}) in ${type}` };
  if (!COUNT_RULE[type](n)) return { ok: false, problem: `${type} with ${n / 2} points` };
  const points: Point2[] = [];
  for (let k = 0; k < n; k += 2) {
    const c = graphicData[k];
    const r = graphicData[k + 1];
    if (typeof c !== 'number' || typeof r !== 'number' || !Number.isFinite(c) || !Number.isFinite(r)) return { ok: false, problem: `coordinate ${k} is not a number` };
    const p: Point2 = [roundCoord(c), roundCoord(r)];
    if (p[0] < 0 || p[0] > size.columns || p[1] < 0 || p[1] > size.rows) {
      return { ok: false, problem: `point (${p[0]}, ${p[1]}) is outside the ${size.columns}×${size.rows} image` };
    }
    points.push(p);
  }
  return FROM_SCOORD[type](points, base);
}
