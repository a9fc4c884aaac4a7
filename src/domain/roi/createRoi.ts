import type { Finding, ImageRef, Point2, Roi, RoiKind } from './Roi';
import { isInsideImage, type ImageSize } from './clampToImage';
import { checkCircle, checkEllipse, checkPath } from './shapeChecks';
import { newRoiId } from './newRoiId';
import { roundPoint } from '../geometry/rounding';

/** What a drawing tool (or an edit) hands in. An existing Roi fits this shape. */
export interface RoiInput {
  readonly kind: RoiKind;
  readonly points: readonly Point2[];
  /** polyline/interpolated only; ignored otherwise. */
  readonly closed?: boolean;
  /** Keep the id when editing; omitted for a new ROI. */
  readonly id?: string;
  readonly image: ImageRef;
  readonly label?: string;
  readonly finding?: Finding;
  readonly illustrations?: readonly string[];
}

export type CreateRoiResult = { readonly ok: true; readonly roi: Roi } | { readonly ok: false; readonly problem: string };

/**
 * Builds a valid ROI or says in a few words why not. Coordinates are rounded
 * to the stored precision first, so the ROI in memory is exactly what a save
 * and reload give back.
 */
export function createRoi(input: RoiInput, imageSize: ImageSize): CreateRoiResult {
  if (input.points.length === 0) return { ok: false, problem: 'No points' };
  if (!input.points.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))) {
    return { ok: false, problem: 'Coordinates must be finite numbers' };
  }
  const points = input.points.map((p) => roundPoint(p) as Point2);
  if (!points.every((p) => isInsideImage(p, imageSize))) {
    return { ok: false, problem: 'Outside the image' };
  }
  const base = {
    id: input.id ?? newRoiId(),
    image: input.image,
    label: input.label ?? '',
    ...(input.finding ? { finding: input.finding } : {}),
    ...(input.illustrations?.length ? { illustrations: input.illustrations } : {}),
  };
  switch (input.kind) {
    case 'point': {
      const [p] = points;
      if (points.length !== 1 || !p) return { ok: false, problem: 'A point needs exactly 1 position' };
      return { ok: true, roi: { ...base, kind: 'point', points: [p] } };
    }
    case 'multipoint':
      return { ok: true, roi: { ...base, kind: 'multipoint', points } };
    case 'circle': {
      const c = checkCircle(points);
      return c.ok ? { ok: true, roi: { ...base, kind: 'circle', points: c.value } } : c;
    }
    case 'ellipse': {
      const c = checkEllipse(points);
      return c.ok ? { ok: true, roi: { ...base, kind: 'ellipse', points: c.value.points } } : c;
    }
    case 'polyline':
    case 'interpolated': {
      const c = checkPath(points, input.closed ?? false);
      if (!c.ok) return c;
      return { ok: true, roi: { ...base, kind: input.kind, points: c.value.points, closed: c.value.closed } };
    }
  }
}
