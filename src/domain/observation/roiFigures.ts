import type { Roi } from '../roi/Roi';
import type { PixelSpacing } from '../geometry/imagePlane';
import type { RoiStats } from '../measure/roiStats';
import { roiLength, roiPerimeter } from '../measure/roiLength';
import { roiArea } from '../measure/roiArea';
import { HOUNSFIELD, MM, MM2, NO_UNIT, roundFigure, type Figure } from './Figure';

export interface RoiFigures {
  readonly figures: Figure[];
  /** Set when mm figures were left out because the image has no pixel spacing. */
  readonly note?: string;
}

export const NO_SPACING_NOTE = 'The image has no pixel spacing: length, perimeter and area are not reported in mm.';

/**
 * The figures the ROI panel shows, from the same measure functions it uses.
 * Statistics are passed in as the viewer computed them (modality values);
 * this module never recomputes them.
 */
export function roiFigures(
  roi: Roi,
  spacing: PixelSpacing | undefined,
  stats: Pick<RoiStats, 'mean' | 'stdDev' | 'min' | 'max'> | undefined,
  modality: string | undefined,
): RoiFigures {
  const figures: Figure[] = [];
  const open = (roi.kind === 'polyline' || roi.kind === 'interpolated') && !roi.closed;
  const length = roiLength(roi, spacing) ?? roiPerimeter(roi, spacing);
  const area = roiArea(roi, spacing);
  const hasSpacingFigure = length !== undefined || area !== undefined;
  const mm = (length ?? area)?.unit.startsWith('mm') ?? false;
  if (length && mm) figures.push({ kind: open ? 'length' : 'perimeter', value: roundFigure(length.value), unit: MM });
  if (area && mm) figures.push({ kind: 'area', value: roundFigure(area.value), unit: MM2 });
  if (stats) {
    const unit = modality === 'CT' ? HOUNSFIELD : NO_UNIT;
    figures.push(
      { kind: 'mean', value: roundFigure(stats.mean), unit },
      { kind: 'stdDev', value: roundFigure(stats.stdDev), unit },
      { kind: 'min', value: roundFigure(stats.min), unit },
      { kind: 'max', value: roundFigure(stats.max), unit },
    );
  }
  return hasSpacingFigure && !mm ? { figures, note: NO_SPACING_NOTE } : { figures };
}
