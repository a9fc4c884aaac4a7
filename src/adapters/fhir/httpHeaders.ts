/** Parsers for the response headers FHIR writes rely on. Pure; never throw. */

/** `W/"3"` → `3`; also accepts a strong or bare tag. */
export function parseETag(etag: string | null | undefined): string | undefined {
  if (!etag) return undefined;
  const match = /^\s*(?:W\/)?"?([^"]*)"?\s*$/.exec(etag);
  const value = match?.[1]?.trim();
  return value ? value : undefined;
}

/** The weak ETag FHIR expects in If-Match for a version. */
export function weakETag(versionId: string): string {
  return `W/"${versionId}"`;
}

export interface ParsedLocation {
  readonly resourceType: string;
  readonly id: string;
  readonly versionId?: string;
}

/**
 * `.../ImagingSelection/12/_history/3` → { ImagingSelection, 12, 3 }.
 * Absolute or relative; a query or fragment is ignored.
 */
export function parseLocation(location: string | null | undefined): ParsedLocation | undefined {
  if (!location) return undefined;
  const path = location.split(/[?#]/, 1)[0] ?? '';
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?\/?$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  return match[3] ? { resourceType: match[1], id: match[2], versionId: match[3] } : { resourceType: match[1], id: match[2] };
}

/** `Retry-After` as delta-seconds or an HTTP date → milliseconds from now (≥ 0). */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names its weekday and month; this keeps Date.parse
  // from reading "-5" or "2" as a year.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
