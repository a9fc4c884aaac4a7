import type { Roi } from '../roi/Roi';
import { pixelsInside } from './pixelsInside';
import { toModalityValue, type PixelMeaning } from './modalityValue';

export interface RoiStats {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation (divides by count), as Cornerstone reports it. */
  readonly stdDev: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Inclusion rule (the one rule for every statistic the viewer shows or saves):
 * a pixel counts when its centre (i+0.5, j+0.5), in TLHC image coordinates,
 * lies inside the shape; see pixelsInside for the boundary tie-break. No
 * partial-pixel weighting. Points and open paths enclose no pixels.
 *
 * Statistics of the pixel values inside a closed ROI. Values come through a
 * getter so the domain never touches pixel buffers or the rendering engine;
 * non-finite values (e.g. padding mapped to NaN) are skipped.
 */
export function roiStats(roi: Roi, rows: number, columns: number, valueAt: (i: number, j: number) => number): RoiStats | undefined {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const [i, j] of pixelsInside(roi, rows, columns)) {
    const x = valueAt(i, j);
    if (!Number.isFinite(x)) continue;
    // Welford: stable for large counts and large offsets (CT values ~1000).
    count++;
    const d = x - mean;
    mean += d / count;
    m2 += d * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (count === 0) return undefined;
  return { count, mean, stdDev: Math.sqrt(m2 / count), min, max };
}

/** What the panel and saved measurements show for an ROI: modality statistics, or why there are none. */
export type RoiModalityStats = ({ readonly kind: 'values'; readonly unit: string } & RoiStats) | { readonly kind: 'none'; readonly reason: string };

/**
 * Statistics in modality units (HU for CT): the stored value of each included
 * pixel goes through toModalityValue exactly once. `storedAt` must give the
 * stored (raw) value, before any rescale.
 */
export function roiModalityStats(
  roi: Roi,
  rows: number,
  columns: number,
  meaning: PixelMeaning,
  storedAt: (i: number, j: number) => number,
): RoiModalityStats | undefined {
  if (meaning.kind === 'none') return { kind: 'none', reason: meaning.reason };
  const { transform, unit } = meaning;
  const st = roiStats(roi, rows, columns, (i, j) => toModalityValue(transform, storedAt(i, j)));
  return st && { kind: 'values', unit, ...st };
}
