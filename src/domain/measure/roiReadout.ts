import type { Point2, Roi } from '../roi/Roi';
import type { PixelSpacing } from '../geometry/imagePlane';
import { roiLength, roiPerimeter } from './roiLength';
import { roiArea } from './roiArea';
import type { RoiModalityStats } from './roiStats';
import { formatReadout, pixelUnder, toModalityValue, type ModalityReadout, type PixelMeaning } from './modalityValue';

/** The panel's rounding: one decimal below 100, whole numbers from 100 on. */
export function formatFigure(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1);
}

/** A TLHC coordinate as the cursor readout and a Point's text show it. */
export function formatCoordinate(p: Point2): string {
  return `(${p[0].toFixed(2)}, ${p[1].toFixed(2)})`;
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/**
 * One ROI's figures as text, each part present only when it applies and is a
 * finite number. The panel and the text drawn on the image are both built
 * from these parts, so they cannot disagree.
 */
export interface RoiReadout {
  readonly label?: string;
  /** "Length 12.3 mm" for an open path, "Perimeter 45.6 mm" for a closed shape. */
  readonly length?: string;
  readonly area?: string;
  /** "Mean 40.2 SD 3.1 HU": the on-image summary of the statistics. */
  readonly meanSd?: string;
  /** The panel's full statistics line, with min, max and pixel count. */
  readonly stats?: string;
  /** Why there are no statistics (colour image, unreadable LUT). */
  readonly noStats?: string;
  /** A Point's saved TLHC (column, row). */
  readonly position?: string;
  /** The modality value under a Point. */
  readonly value?: string;
}

export interface RoiReadoutInput {
  readonly roi: Roi;
  readonly spacing?: PixelSpacing;
  readonly stats?: RoiModalityStats;
  /** The modality value under a Point ROI, when its image is decoded. */
  readonly pointValue?: ModalityReadout;
}

export function roiReadout({ roi, spacing, stats, pointValue }: RoiReadoutInput): RoiReadout {
  const open = (roi.kind === 'polyline' || roi.kind === 'interpolated') && !roi.closed;
  const length = roiLength(roi, spacing) ?? roiPerimeter(roi, spacing);
  const area = roiArea(roi, spacing);
  const out: { -readonly [K in keyof RoiReadout]: RoiReadout[K] } = {};
  const label = roi.label.trim();
  if (label) out.label = label;
  if (length && finite(length.value)) out.length = `${open ? 'Length' : 'Perimeter'} ${formatFigure(length.value)} ${length.unit}`;
  if (area && finite(area.value)) out.area = `Area ${formatFigure(area.value)} ${area.unit}`;
  if (stats?.kind === 'values' && finite(stats.mean) && finite(stats.stdDev)) {
    const unit = stats.unit ? ` ${stats.unit}` : '';
    out.meanSd = `Mean ${formatFigure(stats.mean)} SD ${formatFigure(stats.stdDev)}${unit}`;
    if (finite(stats.min) && finite(stats.max)) {
      out.stats = `Mean ${formatFigure(stats.mean)} SD ${formatFigure(stats.stdDev)} Min ${formatFigure(stats.min)} Max ${formatFigure(stats.max)}${unit} (n ${stats.count})`;
    }
  }
  if (stats?.kind === 'none') out.noStats = `No pixel statistics: ${stats.reason}`;
  if (roi.kind === 'point') {
    const p = roi.points[0];
    if (finite(p[0]) && finite(p[1])) out.position = formatCoordinate(p);
    if (pointValue?.kind === 'value' && finite(pointValue.value)) out.value = formatReadout(pointValue);
  }
  return out;
}

/**
 * The text drawn next to an ROI on the image: label, then area, perimeter or
 * length, then mean/SD in modality units; a Point gets its TLHC position and
 * pixel value. Figures that do not apply are left out, never shown as NaN.
 */
export function roiTextLines(input: RoiReadoutInput): string[] {
  const r = roiReadout(input);
  const lines = [r.label, r.area, r.length, r.meanSd];
  if (input.roi.kind === 'point') lines.push(r.position && r.value ? `${r.position} ${r.value}` : r.position);
  return lines.filter((l): l is string => !!l);
}

/** The modality value under a Point ROI, through the same Modality LUT stage as the statistics. */
export function pointModalityValue(roi: Roi, rows: number, columns: number, meaning: PixelMeaning, storedAt: (i: number, j: number) => number): ModalityReadout | undefined {
  if (roi.kind !== 'point') return undefined;
  if (meaning.kind === 'none') return { kind: 'none', reason: meaning.reason };
  const px = pixelUnder(roi.points[0], rows, columns);
  if (!px) return undefined;
  const value = toModalityValue(meaning.transform, storedAt(px[0], px[1]));
  return Number.isFinite(value) ? { kind: 'value', value, unit: meaning.unit } : undefined;
}
