import type { Point2, Roi } from '../roi/Roi';
import { sampleCatmullRom } from '../geometry/catmullRom';

/** Enough samples that the sampled length/area of a curve is within ~0.1 %. */
export const OUTLINE_SAMPLES_PER_SEGMENT = 24;

/**
 * The path that polyline and interpolated ROIs actually cover: the control
 * points themselves, or the sampled curve. A closed path is a ring (the first
 * point is not repeated). Undefined for kinds that are not paths.
 */
export function roiOutline(roi: Roi, samplesPerSegment = OUTLINE_SAMPLES_PER_SEGMENT): { points: readonly Point2[]; closed: boolean } | undefined {
  switch (roi.kind) {
    case 'polyline':
      return { points: roi.points, closed: roi.closed };
    case 'interpolated':
      return { points: sampleCatmullRom(roi.points, roi.closed, samplesPerSegment), closed: roi.closed };
    default:
      return undefined;
  }
}
