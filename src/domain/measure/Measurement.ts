import type { PixelSpacing } from '../geometry/imagePlane';

/** A value with its unit; px units mean the image had no usable PixelSpacing. */
export interface Measurement {
  readonly value: number;
  readonly unit: 'mm' | 'px' | 'mm²' | 'px²';
}

/** Column and row scale factors (mm per px), or 1/1 when spacing is unknown. */
export function scaleOf(spacing: PixelSpacing | undefined): { sx: number; sy: number; mm: boolean } {
  const ok = spacing !== undefined && spacing.every((s) => Number.isFinite(s) && s > 0);
  // PixelSpacing[1] is the distance between columns, i.e. along x.
  return ok ? { sx: spacing[1], sy: spacing[0], mm: true } : { sx: 1, sy: 1, mm: false };
}
