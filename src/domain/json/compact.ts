/**
 * A copy without `undefined` members, so that serialised resources carry no
 * `undefined` keys and the same content always gives the same bytes (the
 * round-trip and no-op-save checks compare strings).
 */
export function compact<T>(value: T): T {
  // Coordinate arrays are numbers only and can be 100,000 long: nothing to strip, no copy.
  if (Array.isArray(value)) return (typeof value[0] === 'number' ? value : value.map(compact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
    return out as T;
  }
  return value;
}
