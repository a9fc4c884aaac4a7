import type { Point2 } from './Roi';

export interface ImageSize {
  readonly rows: number;
  readonly columns: number;
}

/** Inside [0, Columns] × [0, Rows], edges included (TLHC image coordinates). */
export function isInsideImage(p: Point2, size: ImageSize): boolean {
  return p[0] >= 0 && p[0] <= size.columns && p[1] >= 0 && p[1] <= size.rows;
}

/** For drags that run past the edge: keep the handle on the image border. */
export function clampToImage(p: Point2, size: ImageSize): Point2 {
  return [Math.min(Math.max(p[0], 0), size.columns), Math.min(Math.max(p[1], 0), size.rows)];
}
