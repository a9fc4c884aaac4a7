import dcmjs from 'dcmjs';

/** A DICOM JSON dataset (PS3.18 F.2), as QIDO-RS and WADO-RS metadata return it. */
export type DicomJson = Record<string, { vr?: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;

/**
 * dcmjs turns DICOM JSON into keyword-named values (PN as `{Alphabetic}`,
 * multi-valued as arrays); we then read the handful of attributes we need
 * through the typed getters below so nothing downstream handles raw JSON.
 */
export function naturalize(ds: DicomJson): Record<string, unknown> {
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(ds as Record<string, unknown>);
}

export function firstOf(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

export function asString(v: unknown): string | undefined {
  const x = firstOf(v);
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'object' && x !== null && 'Alphabetic' in x) {
    return String((x as { Alphabetic?: unknown }).Alphabetic ?? '') || undefined;
  }
  const s = String(x).trim();
  return s === '' ? undefined : s;
}

export function asNumber(v: unknown): number | undefined {
  const x = firstOf(v);
  if (x === undefined || x === null || x === '') return undefined;
  const n = typeof x === 'number' ? x : Number(String(x).trim());
  return Number.isFinite(n) ? n : undefined;
}

/** All values as numbers; undefined unless there are exactly `count` finite numbers (when given). */
export function asNumbers(v: unknown, count?: number): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  const arr = (Array.isArray(v) ? v : String(v).split('\\')).map((x) => (typeof x === 'number' ? x : Number(String(x).trim())));
  if (arr.some((n) => !Number.isFinite(n))) return undefined;
  if (count !== undefined && arr.length !== count) return undefined;
  return arr;
}

export function asStrings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => asString(x)).filter((s): s is string => s !== undefined);
}

/**
 * DICOM DA is YYYYMMDD, but servers echo what was stored, e.g. "1993.04.30"
 * (see NOTES). Returns ISO YYYY-MM-DD, or the input when it is unrecognisable.
 */
export function parseDicomDate(da: string | undefined): string | undefined {
  if (!da) return undefined;
  const digits = da.replace(/[^0-9]/g, '');
  if (digits.length !== 8) return da;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** "DOE^JOHN" → "DOE, JOHN" for display. */
export function formatPersonName(pn: string | undefined): string {
  if (!pn) return '';
  const [family = '', given = '', middle = ''] = pn.split('^');
  const rest = [given, middle].filter(Boolean).join(' ');
  return rest ? `${family}, ${rest}` : family;
}
