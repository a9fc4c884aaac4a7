import type { Issue } from '../imaging-selection/Issue';
import type { SegmentationHeader } from './Segmentation';

export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

/** The Pixel Data of a SEG as it was read: the native byte stream, or one encapsulated item per frame. */
export type SegPixelData =
  | { readonly kind: 'native'; readonly bytes: Uint8Array }
  | { readonly kind: 'encapsulated'; readonly transferSyntaxUid: string; readonly frames: readonly Uint8Array[] };

/** Reads one frame into `out` (length rows × columns) as 0/1 (binary) or 0..max (fractional); false when it cannot be read. */
export type FrameReader = (frameIndex: number, out: Uint8Array) => boolean;

/**
 * A reader for the frames of a SEG's pixel data, or an error issue when the stream cannot hold them
 * (truncated, or a transfer syntax we do not decode). 1-bit frames are packed back to back with no padding
 * (PS3.5 8.1.1), least significant bit first.
 */
export function frameReader(h: SegmentationHeader, px: SegPixelData): { read?: FrameReader; issue?: Issue } {
  const n = h.rows * h.columns;
  if (px.kind === 'native') {
    const needed = h.bitsAllocated === 1 ? Math.ceil((h.numberOfFrames * n) / 8) : h.numberOfFrames * n;
    if (px.bytes.length < needed) {
      return { issue: { severity: 'error', message: `The segmentation's pixel data is truncated or corrupt (${px.bytes.length} bytes, ${needed} needed for ${h.numberOfFrames} frames)` } };
    }
    const bytes = px.bytes;
    if (h.bitsAllocated === 1) {
      return {
        read: (k, out) => {
          const start = k * n;
          if ((start & 7) === 0) {
            // Byte-aligned frame (any frame when rows × columns is a multiple of 8): 8 pixels per byte.
            let b = start >> 3;
            let p = 0;
            for (; p + 8 <= n; p += 8, b++) {
              const v = bytes[b]!;
              if (v === 0) {
                out.fill(0, p, p + 8);
                continue;
              }
              for (let j = 0; j < 8; j++) out[p + j] = (v >> j) & 1;
            }
            for (let j = 0; p < n; p++, j++) out[p] = (bytes[b]! >> j) & 1;
            return true;
          }
          for (let p = 0; p < n; p++) {
            const bit = start + p;
            out[p] = (bytes[bit >> 3]! >> (bit & 7)) & 1;
          }
          return true;
        },
      };
    }
    return {
      read: (k, out) => {
        out.set(bytes.subarray(k * n, (k + 1) * n));
        return true;
      },
    };
  }
  if (px.transferSyntaxUid !== RLE_LOSSLESS && !NATIVE.has(px.transferSyntaxUid)) {
    return { issue: { severity: 'error', message: `The segmentation's pixel data uses transfer syntax ${px.transferSyntaxUid}, which this viewer does not decode` } };
  }
  if (px.frames.length !== h.numberOfFrames) {
    return { issue: { severity: 'error', message: `The segmentation's pixel data is corrupt: ${px.frames.length} encoded frames for ${h.numberOfFrames} frames` } };
  }
  if (h.bitsAllocated !== 8) return { issue: { severity: 'error', message: 'RLE-encoded 1-bit segmentations are not supported' } };
  return { read: (k, out) => decodeRle8(px.frames[k]!, out) };
}

/**
 * DICOM RLE Lossless (PS3.5 Annex G) for one 8-bit sample: a 64-byte header with the segment count and
 * offsets, then PackBits. False when the stream is malformed or yields the wrong number of bytes.
 */
export function decodeRle8(src: Uint8Array, out: Uint8Array): boolean {
  if (src.length < 64) return false;
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== 1) return false;
  const start = view.getUint32(4, true);
  if (start < 64 || start > src.length) return false;
  let i = start;
  let o = 0;
  const n = out.length;
  while (o < n && i < src.length) {
    const h = src[i++]!;
    const c = h > 127 ? h - 256 : h;
    if (c >= 0) {
      const len = c + 1;
      if (i + len > src.length || o + len > n) return false;
      out.set(src.subarray(i, i + len), o);
      i += len;
      o += len;
    } else if (c > -128) {
      const len = 1 - c;
      if (i >= src.length || o + len > n) return false;
      out.fill(src[i++]!, o, o + len);
      o += len;
    }
  }
  return o === n;
}
