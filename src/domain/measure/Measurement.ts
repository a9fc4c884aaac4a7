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

/** Where the mm scale of a measurement comes from, or that there is none. */
export type SpacingSource =
  | { readonly kind: 'pixel'; readonly spacing: PixelSpacing }
  | { readonly kind: 'imager'; readonly spacing: PixelSpacing }
  | { readonly kind: 'none' };

const usable = (s: PixelSpacing | undefined): s is PixelSpacing => s !== undefined && s.every((v) => Number.isFinite(v) && v > 0);

/**
 * The one rule for units: mm from Pixel Spacing; else mm from Imager Pixel
 * Spacing (at the detector, so with a note); else px. Patient position plays
 * no part in it. Banner, panel and saved measurements all ask this.
 */
export function measurementSpacing(m: { readonly pixelSpacing?: PixelSpacing; readonly imagerPixelSpacing?: PixelSpacing }): SpacingSource {
  if (usable(m.pixelSpacing)) return { kind: 'pixel', spacing: m.pixelSpacing };
  if (usable(m.imagerPixelSpacing)) return { kind: 'imager', spacing: m.imagerPixelSpacing };
  return { kind: 'none' };
}

export const UNITS_NOTE = {
  none: 'No pixel spacing: lengths and areas in px',
  imager: 'Imager Pixel Spacing only: lengths in mm at the detector, not corrected for magnification',
  noPosition: 'No patient position: shown in image coordinates; lengths in mm',
} as const;

/** The viewport banner for a series, from what its images carry; undefined when nothing needs saying. */
export function unitsNote(images: ReadonlyArray<{ readonly pixelSpacing?: PixelSpacing; readonly imagerPixelSpacing?: PixelSpacing; readonly imagePositionPatient?: unknown; readonly imageOrientationPatient?: unknown }>): string | undefined {
  const kinds = images.map((i) => measurementSpacing(i).kind);
  if (kinds.includes('none')) return UNITS_NOTE.none;
  if (kinds.includes('imager')) return UNITS_NOTE.imager;
  if (images.some((i) => !i.imagePositionPatient || !i.imageOrientationPatient)) return UNITS_NOTE.noPosition;
  return undefined;
}
