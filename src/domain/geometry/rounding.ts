/**
 * Stored coordinates have a fixed precision so that a ROI that goes
 * domain → world (Cornerstone) → domain comes back as the identical numbers,
 * and the serialized JSON is byte-stable. 4 decimals = 1/10000 pixel, far
 * below anything a user can draw, yet well above the ~1e-9 float error of a
 * world round trip.
 */
export const COORD_DECIMALS = 4;
const SCALE = 10 ** COORD_DECIMALS;

export function roundCoord(value: number): number {
  if (!Number.isFinite(value)) return value;
  const rounded = Math.round(value * SCALE) / SCALE;
  // -0 would make deep-equality checks fail against a stored 0.
  return rounded === 0 ? 0 : rounded;
}

export function roundPoint(p: readonly [number, number]): [number, number] {
  return [roundCoord(p[0]), roundCoord(p[1])];
}
