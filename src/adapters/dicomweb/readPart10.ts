import dcmjs from 'dcmjs';
import type { SegPixelData } from '../../domain/segmentation/segPixels';

export interface Part10 {
  /** Keyword-named dataset (dcmjs naturalized), Pixel Data removed: for the domain parsers, which take unknown. */
  readonly dataset: Record<string, unknown>;
  readonly pixels?: SegPixelData;
  readonly transferSyntaxUid?: string;
}

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

/**
 * Reads a DICOM Part 10 file with dcmjs. dcmjs throws on malformed input; that is turned into a
 * message here, at the boundary, so the viewer reports a corrupt file and carries on.
 */
export function readPart10(bytes: Uint8Array): { part10?: Part10; error?: string } {
  try {
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
    const file = dcmjs.data.DicomMessage.readFile(buffer);
    const transferSyntaxUid = String(file.meta['00020010']?.Value?.[0] ?? '');
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
    const raw = ds.PixelData;
    delete ds.PixelData;
    const parts = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((p): p is ArrayBuffer => p instanceof ArrayBuffer);
    let pixels: SegPixelData | undefined;
    if (parts.length) {
      pixels = NATIVE.has(transferSyntaxUid)
        ? { kind: 'native', bytes: concat(parts) }
        : { kind: 'encapsulated', transferSyntaxUid, frames: parts.map((p) => new Uint8Array(p)) };
    }
    return { part10: { dataset: ds, ...(pixels ? { pixels } : {}), transferSyntaxUid } };
  } catch (e) {
    return { error: `The file could not be read as DICOM (${(e as Error).message || 'malformed data'})` };
  }
}

function concat(parts: readonly ArrayBuffer[]): Uint8Array {
  if (parts.length === 1) return new Uint8Array(parts[0]!);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}
