/**
 * The Modality LUT stage (PS3.3 C.11.1): stored pixel values → modality
 * values (HU for CT). This is the only place that conversion is defined; the
 * panel statistics, the on-image and cursor readouts and any saved
 * measurement all read values through `toModalityValue`.
 */
export type ModalityTransform =
  | { readonly kind: 'identity' }
  | { readonly kind: 'rescale'; readonly slope: number; readonly intercept: number }
  | {
      readonly kind: 'lut';
      /** LUT Descriptor: first stored value mapped (values below map to data[0]). */
      readonly firstMapped: number;
      readonly data: readonly number[];
    };

/**
 * What a pixel value means. Colour pixels have no modality value, so they get
 * no statistics; nor does an image whose Modality LUT could not be read.
 */
export type PixelMeaning =
  | { readonly kind: 'modality'; readonly transform: ModalityTransform; readonly unit: string }
  | { readonly kind: 'none'; readonly reason: string };

export const COLOUR_REASON = 'colour image: no modality values';
export const LUT_UNREADABLE_REASON = 'Modality LUT not readable: no modality values';

export interface ModalityInputs {
  readonly photometricInterpretation?: string;
  readonly samplesPerPixel?: number;
  readonly modality?: string;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  readonly rescaleType?: string;
  readonly modalityLut?: { readonly firstMapped: number; readonly data: readonly number[]; readonly lutType?: string } | 'unreadable';
}

const COLOUR = new Set(['RGB', 'PALETTE COLOR', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT']);

/**
 * How to read an image's stored values. A Modality LUT Sequence wins over
 * Rescale Slope/Intercept (they are mutually exclusive in the standard; a file
 * carrying both is read by its LUT). CT without a Rescale Type is in HU.
 */
export function pixelMeaning(m: ModalityInputs): PixelMeaning {
  const pi = m.photometricInterpretation?.toUpperCase();
  if ((pi && COLOUR.has(pi)) || (m.samplesPerPixel ?? 1) > 1) return { kind: 'none', reason: COLOUR_REASON };
  if (m.modalityLut === 'unreadable') return { kind: 'none', reason: LUT_UNREADABLE_REASON };
  if (m.modalityLut && m.modalityLut.data.length > 0) {
    return { kind: 'modality', transform: { kind: 'lut', firstMapped: m.modalityLut.firstMapped, data: m.modalityLut.data }, unit: unitOf(m.modalityLut.lutType, m.modality) };
  }
  const slope = m.rescaleSlope !== undefined && Number.isFinite(m.rescaleSlope) && m.rescaleSlope !== 0 ? m.rescaleSlope : 1;
  const intercept = m.rescaleIntercept !== undefined && Number.isFinite(m.rescaleIntercept) ? m.rescaleIntercept : 0;
  const transform: ModalityTransform = slope === 1 && intercept === 0 ? { kind: 'identity' } : { kind: 'rescale', slope, intercept };
  return { kind: 'modality', transform, unit: unitOf(m.rescaleType, m.modality) };
}

function unitOf(type: string | undefined, modality: string | undefined): string {
  const t = type?.trim().toUpperCase();
  if (t && t !== 'US') return t; // 'US' = unspecified
  return modality === 'CT' ? 'HU' : '';
}

/** One stored value → its modality value. */
export function toModalityValue(t: ModalityTransform, stored: number): number {
  switch (t.kind) {
    case 'identity':
      return stored;
    case 'rescale':
      return stored * t.slope + t.intercept;
    case 'lut': {
      // Values outside the table take its first or last entry (C.11.1.1.1).
      const k = Math.round(stored) - t.firstMapped;
      const i = k < 0 ? 0 : k >= t.data.length ? t.data.length - 1 : k;
      return t.data[i] ?? Number.NaN;
    }
  }
}

/** What the pointer or a Point ROI reads: a modality value with its unit, or why there is none. */
export type ModalityReadout = { readonly kind: 'value'; readonly value: number; readonly unit: string } | { readonly kind: 'none'; readonly reason: string };

/** The pixel (column i, row j) whose area holds a TLHC point; undefined outside the image. */
export function pixelUnder(p: readonly [number, number], rows: number, columns: number): readonly [i: number, j: number] | undefined {
  const i = Math.floor(p[0]);
  const j = Math.floor(p[1]);
  return i >= 0 && j >= 0 && i < columns && j < rows ? [i, j] : undefined;
}

/** One text for a readout, wherever it is shown (on the image, in the cursor readout). */
export function formatReadout(r: ModalityReadout): string {
  if (r.kind === 'none') return r.reason;
  const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
  return r.unit ? `${v} ${r.unit}` : v;
}
