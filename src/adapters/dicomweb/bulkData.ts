import type { DicomJson } from './dicomJson';

const PALETTE_TAGS = [['00281201', '00281101'], ['00281202', '00281102'], ['00281203', '00281103']] as const;

/** The body of the first part of a multipart/related response (WADO-RS bulk data). */
export function firstPartBody(bytes: Uint8Array, contentType: string): Uint8Array {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return bytes;
  const text = new TextDecoder('latin1').decode(bytes);
  const start = text.indexOf(`--${boundary}`);
  const headerEnd = text.indexOf('\r\n\r\n', start);
  if (start < 0 || headerEnd < 0) return bytes;
  const bodyStart = headerEnd + 4;
  const end = text.indexOf(`\r\n--${boundary}`, bodyStart);
  return bytes.subarray(bodyStart, end < 0 ? bytes.length : end);
}

/**
 * The first part's body of a multipart/related response, found on the bytes (a Part 10 file can be
 * tens of MB; firstPartBody's text scan would copy it into a string). Meant for one-part responses.
 */
export function multipartFirstBody(bytes: Uint8Array, contentType: string): Uint8Array {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return bytes;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  const start = head.indexOf(`--${boundary}`);
  const headerEnd = head.indexOf('\r\n\r\n', start);
  if (start < 0 || headerEnd < 0) return bytes;
  const bodyStart = headerEnd + 4;
  const marker = new TextEncoder().encode(`\r\n--${boundary}`);
  for (let i = bytes.length - marker.length; i >= bodyStart; i--) {
    let match = true;
    for (let j = 0; j < marker.length; j++) {
      if (bytes[i + j] !== marker[j]) {
        match = false;
        break;
      }
    }
    // Searched from the end: the closing boundary of a one-part response sits in its last bytes.
    if (match) return bytes.subarray(bodyStart, i);
  }
  return bytes.subarray(bodyStart);
}

/** LUT entries from raw OW bytes: 16-bit little endian unless the descriptor says 8 bits. */
export function lutValues(body: Uint8Array, bitsPerEntry: number): number[] {
  if (bitsPerEntry <= 8 && body.length % 2 === 1) return [...body];
  const out: number[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let i = 0; i + 1 < body.byteLength; i += 2) out.push(view.getUint16(i, true));
  return out;
}

/**
 * Orthanc sends palette colour lookup tables as BulkDataURIs, but
 * Cornerstone's wadors loader reads them only as inline values; without this
 * a PALETTE COLOR image fails with "does not have a complete color palette".
 */
export async function inlinePaletteLuts(ds: DicomJson, fetchBytes: (url: string) => Promise<{ bytes: Uint8Array; contentType: string }>): Promise<DicomJson> {
  const pi = ds['00280004']?.Value?.[0];
  if (pi !== 'PALETTE COLOR') return ds;
  const out: DicomJson = { ...ds };
  await Promise.all(
    PALETTE_TAGS.map(async ([dataTag, descriptorTag]) => {
      const uri = ds[dataTag]?.BulkDataURI;
      if (!uri) return;
      const { bytes, contentType } = await fetchBytes(uri);
      const bits = Number(ds[descriptorTag]?.Value?.[2] ?? 16);
      out[dataTag] = { vr: ds[dataTag]?.vr ?? 'OW', Value: lutValues(firstPartBody(bytes, contentType), bits) };
    }),
  );
  return out;
}

/** True when `uri` is on the archive's origin and under its DICOMweb root: the only place bulk data (and the token) may go. */
export function isOnArchive(uri: string, wadoRoot: string): boolean {
  let url: URL;
  let root: URL;
  try {
    root = new URL(wadoRoot);
    url = new URL(uri, `${root.href.replace(/\/+$/, '')}/`);
  } catch {
    return false;
  }
  const rootPath = root.pathname.replace(/\/+$/, '');
  return url.origin === root.origin && (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname.startsWith(`${rootPath}/`);
}

/**
 * Drops every BulkDataURI (at any depth) that points off the archive, so that nothing
 * downstream (our palette inlining, Cornerstone's loader) can follow it. Returns how many.
 */
export function dropForeignBulkData(ds: DicomJson, wadoRoot: string): { ds: DicomJson; refused: number } {
  let refused = 0;
  const walk = (d: DicomJson): DicomJson => {
    const out: DicomJson = {};
    for (const [tag, el] of Object.entries(d)) {
      if (typeof el?.BulkDataURI === 'string' && !isOnArchive(el.BulkDataURI, wadoRoot)) {
        refused += 1;
        out[tag] = { vr: el.vr };
      } else if (el?.vr === 'SQ' && Array.isArray(el.Value)) {
        out[tag] = { ...el, Value: el.Value.map((item) => (item && typeof item === 'object' ? walk(item as DicomJson) : item)) };
      } else out[tag] = el;
    }
    return out;
  };
  return { ds: walk(ds), refused };
}
