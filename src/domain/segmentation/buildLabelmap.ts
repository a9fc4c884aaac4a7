import type { Issue } from '../imaging-selection/Issue';
import type { SegmentationHeader } from './Segmentation';
import type { FrameReader } from './segPixels';

/** A source image the labelmap can be drawn on (one image of the displayed stack). */
export interface SourceImage {
  /** The stack's key for the image (its imageId). */
  readonly key: string;
  readonly sopInstanceUid: string;
  readonly frameNumber: number;
  readonly rows: number;
  readonly columns: number;
  readonly frameOfReferenceUid?: string;
  readonly imagePositionPatient?: readonly [number, number, number];
}

/** Segment numbers per pixel of each source image that has any; a pixel holds the highest-numbered segment covering it. */
export interface Labelmap {
  readonly slices: ReadonlyMap<string, Uint8Array>;
  /** Pixels per segment number over all slices. */
  readonly voxelCounts: ReadonlyMap<number, number>;
  /** Source image keys per segment number, in stack order: where each segment can be found. */
  readonly slicesBySegment: ReadonlyMap<number, readonly string[]>;
}

const POSITION_TOLERANCE_MM = 0.01;

/**
 * Puts the SEG's frames onto its source images. A frame is placed by its Referenced SOP Instance UID
 * (and frame number), or else by its Image Position (Patient) in the same Frame of Reference. Frames
 * that fit no source image, and a SEG whose Frame of Reference differs, become issues; nothing throws.
 */
export function buildLabelmap(h: SegmentationHeader, read: FrameReader, sources: readonly SourceImage[]): { labelmap?: Labelmap; issues: Issue[] } {
  const issues: Issue[] = [];
  const sourceFor = new Map<string, SourceImage>();
  for (const s of sources) sourceFor.set(`${s.sopInstanceUid}#${s.frameNumber}`, s);
  const forUids = new Set(sources.map((s) => s.frameOfReferenceUid).filter(Boolean));
  const sameFrameOfReference = !h.frameOfReferenceUid || forUids.size === 0 || forUids.has(h.frameOfReferenceUid);
  if (!sameFrameOfReference) {
    issues.push({
      severity: 'error',
      message: `The segmentation's Frame of Reference (${h.frameOfReferenceUid}) differs from its images' (${[...forUids].join(', ')}): it is not shown, because its position on them cannot be trusted`,
    });
    return { issues };
  }
  const byPosition = (ipp: readonly number[]) =>
    sources.find((s) => s.imagePositionPatient && s.imagePositionPatient.every((v, i) => Math.abs(v - ipp[i]!) <= POSITION_TOLERANCE_MM));
  const known = new Set(h.segments.map((s) => s.number));
  const threshold = h.segmentationType === 'FRACTIONAL' ? h.maxFractionalValue / 2 : 1;
  const slices = new Map<string, Uint8Array>();
  const counts = new Map<number, number>();
  const where = new Map<number, Set<string>>();
  const buf = new Uint8Array(h.rows * h.columns);
  let unplaced = 0;
  let wrongSize = 0;
  let unreadable = 0;
  // Higher segment numbers are drawn last, so where segments overlap the pixel shows the higher number.
  const order = h.frames.map((f, k) => ({ f, k })).sort((a, b) => a.f.segmentNumber - b.f.segmentNumber || a.k - b.k);
  for (const { f, k } of order) {
    if (!known.has(f.segmentNumber)) continue;
    const src =
      (f.sourceSopInstanceUid && sourceFor.get(`${f.sourceSopInstanceUid}#${f.sourceFrameNumber ?? 1}`)) ||
      (f.imagePositionPatient && (!f.sourceSopInstanceUid || sameFrameOfReference) ? byPosition(f.imagePositionPatient) : undefined);
    if (!src) {
      unplaced++;
      continue;
    }
    if (src.rows !== h.rows || src.columns !== h.columns) {
      wrongSize++;
      continue;
    }
    if (!read(k, buf)) {
      unreadable++;
      continue;
    }
    let slice = slices.get(src.key);
    let n = 0;
    for (let p = 0; p < buf.length; p++) {
      if (buf[p]! >= threshold) {
        if (!slice) {
          slice = new Uint8Array(buf.length);
          slices.set(src.key, slice);
        }
        slice[p] = f.segmentNumber;
        n++;
      }
    }
    if (n) {
      let w = where.get(f.segmentNumber);
      if (!w) where.set(f.segmentNumber, (w = new Set()));
      w.add(src.key);
    }
  }
  // Count after all frames are placed, so overlapping pixels count for the segment shown there.
  for (const slice of slices.values()) {
    for (let p = 0; p < slice.length; p++) {
      const v = slice[p]!;
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  const total = h.frames.length;
  if (unplaced === total) {
    issues.push({ severity: 'error', message: "None of the segmentation's frames lies on an image of its source series: its source images are not in this study" });
    return { issues };
  }
  if (unplaced) issues.push({ severity: 'warning', message: `${unplaced} of ${total} segmentation frames refer to images that are not in the series and are not shown` });
  if (wrongSize) issues.push({ severity: 'warning', message: `${wrongSize} segmentation frame(s) do not match their image's size and are not shown` });
  if (unreadable) issues.push({ severity: 'error', message: `${unreadable} segmentation frame(s) could not be decoded (corrupt pixel data) and are not shown` });
  const stackOrder = new Map(sources.map((s, i) => [s.key, i]));
  const slicesBySegment = new Map([...where].map(([seg, keys]) => [seg, [...keys].sort((a, b) => stackOrder.get(a)! - stackOrder.get(b)!)] as const));
  return { labelmap: { slices, voxelCounts: counts, slicesBySegment }, issues };
}
