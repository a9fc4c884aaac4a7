/**
 * A deterministic UUID for ROIs that have no `urn:uuid:` identifier of their
 * own (selections from other systems, or several regions in one resource):
 * reloading the same resource must give the same ids, or the store would see
 * every reload as new ROIs. Formatted as an RFC 9562 version-8 (custom) UUID
 * so it remains a valid `urn:uuid:` if the ROI is saved again.
 */
export function deriveRoiId(...parts: readonly (string | number)[]): string {
  const input = parts.map(String).join('\u0000');
  // Four independently seeded 32-bit FNV-1a-style hashes → 128 bits. Not
  // cryptographic; collisions only matter within one study's ROIs.
  const words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < input.length; i++) {
      h ^= input.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  });
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
