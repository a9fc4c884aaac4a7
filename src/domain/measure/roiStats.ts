import type { Roi } from '../roi/Roi';
import { pixelsInside } from './pixelsInside';

export interface RoiStats {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation (divides by count), as Cornerstone reports it. */
  readonly stdDev: number;
  readonly min: number;
  readonly max: number;
}

/**
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
