/**
 * DICOM UID grammar (PS3.5 §9.1): dot-separated runs of digits, at most 64 characters.
 * Leading zeros inside a component are tolerated (some archives emit them); what matters here
 * is that a UID can never carry '/', '?', '%', '..' or anything else into a URL path.
 */
const UID_RE = /^[0-9]+(\.[0-9]+)*$/;
export const MAX_UID_LENGTH = 64;

export function isDicomUid(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_UID_LENGTH && UID_RE.test(value);
}
