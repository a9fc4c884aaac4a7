import type { Labelmap, SourceImage } from './buildLabelmap';

export interface SegmentStats {
  readonly segmentNumber: number;
  readonly voxels: number;
  /** mm³; undefined when the images have no pixel spacing or slice spacing. */
  readonly volumeMm3?: number;
  /** Mean modality value (HU for CT) over the segment's pixels; undefined when no pixel values were given. */
  readonly mean?: number;
}

/** Distance between neighbouring slices: the median gap of the images' positions along the stack. */
export function sliceSpacing(sources: readonly SourceImage[]): number | undefined {
  const ipps = sources.map((s) => s.imagePositionPatient).filter((p): p is readonly [number, number, number] => !!p);
  if (ipps.length < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < ipps.length; i++) {
    const d = Math.hypot(ipps[i]![0] - ipps[i - 1]![0], ipps[i]![1] - ipps[i - 1]![1], ipps[i]![2] - ipps[i - 1]![2]);
    if (d > 1e-6) gaps.push(d);
  }
  if (!gaps.length) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/**
 * Voxel count, volume (pixel area × slice spacing per voxel) and mean modality value of one segment.
 * `valuesOf` gives the modality values of a source image's pixels (row-major), or undefined when they
 * are not available; the mean is given only when every slice holding the segment has values.
 */
export function segmentStats(
  labelmap: Labelmap,
  segmentNumber: number,
  geometry: { pixelSpacing?: readonly [number, number]; sliceSpacing?: number },
  valuesOf?: (key: string) => ArrayLike<number> | undefined,
): SegmentStats {
  const voxels = labelmap.voxelCounts.get(segmentNumber) ?? 0;
  const ps = geometry.pixelSpacing;
  const volumeMm3 = ps && geometry.sliceSpacing ? voxels * ps[0] * ps[1] * geometry.sliceSpacing : undefined;
  let mean: number | undefined;
  if (valuesOf && voxels) {
    let sum = 0;
    let n = 0;
    let complete = true;
    for (const key of labelmap.slicesBySegment.get(segmentNumber) ?? []) {
      const slice = labelmap.slices.get(key)!;
      const values = valuesOf(key);
      if (!values || values.length !== slice.length) {
        complete = false;
        break;
      }
      for (let p = 0; p < slice.length; p++) {
        if (slice[p] === segmentNumber) {
          sum += values[p]!;
          n++;
        }
      }
    }
    if (complete && n) mean = sum / n;
  }
  return { segmentNumber, voxels, ...(volumeMm3 !== undefined ? { volumeMm3 } : {}), ...(mean !== undefined ? { mean } : {}) };
}
