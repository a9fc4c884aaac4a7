import type { Point2, Roi } from '../../roi/Roi';
import { roundCoord } from '../../geometry/rounding';

/** Everything of a ROI but its shape; the parser fills this in before mapping a region. */
export type RoiBase = Pick<Roi, 'id' | 'image' | 'label' | 'finding'>;

/** A region read back into a ROI, or why it cannot be shown. */
export type FromRegion<R extends Roi> =
  | { readonly ok: true; readonly roi: R; readonly warning?: string }
  | { readonly ok: false; readonly problem: string };

export function toCoordinates(points: readonly Point2[]): number[] {
  const out: number[] = [];
  for (const p of points) out.push(roundCoord(p[0]), roundCoord(p[1]));
  return out;
}

export function withShape<R extends Roi>(base: RoiBase, shape: Omit<R, keyof RoiBase>): R {
  // Spread order keeps id/image/label first, and no `finding: undefined` key.
  const { finding, ...rest } = base;
  return { ...rest, ...(finding ? { finding } : {}), ...shape } as R;
}
