/** One number the ROI panel shows, as the IG's imaging-measurement carries it. */
export type FigureKind = 'length' | 'perimeter' | 'area' | 'mean' | 'stdDev' | 'min' | 'max';

/** A UCUM unit: `code` is the UCUM expression, `unit` what a person reads. */
export interface UcumUnit {
  readonly code: string;
  readonly unit: string;
}

export interface Figure {
  readonly kind: FigureKind;
  readonly value: number;
  readonly unit: UcumUnit;
}

export const FIGURE_KINDS: readonly FigureKind[] = ['length', 'perimeter', 'area', 'mean', 'stdDev', 'min', 'max'];

/** SNOMED CT concepts of DICOM CID 7470/7464 that the IG's measurement examples use. */
export const FIGURE_CODES: Record<FigureKind, { readonly system: string; readonly code: string; readonly display: string }> = {
  length: { system: 'http://snomed.info/sct', code: '410668003', display: 'Length' },
  perimeter: { system: 'http://snomed.info/sct', code: '131191004', display: 'Perimeter' },
  area: { system: 'http://snomed.info/sct', code: '42798000', display: 'Area' },
  mean: { system: 'http://snomed.info/sct', code: '373098007', display: 'Mean' },
  stdDev: { system: 'http://snomed.info/sct', code: '386136009', display: 'Standard deviation' },
  min: { system: 'http://snomed.info/sct', code: '255605001', display: 'Minimum' },
  max: { system: 'http://snomed.info/sct', code: '56851009', display: 'Maximum' },
};

export const MM: UcumUnit = { code: 'mm', unit: 'mm' };
export const MM2: UcumUnit = { code: 'mm2', unit: 'mm2' };
export const HOUNSFIELD: UcumUnit = { code: "[hnsf'U]", unit: 'HU' };
/** Modality values without a physical unit (MR signal, unscaled pixels). */
export const NO_UNIT: UcumUnit = { code: '1', unit: 'no unit' };

/** Stored values keep 4 decimals, like the coordinates: enough for mm and HU. */
export const FIGURE_DECIMALS = 4;

export function roundFigure(v: number): number {
  const f = 10 ** FIGURE_DECIMALS;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}
