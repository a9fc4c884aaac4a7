import type { Roi } from './Roi';
import { roundCoord } from '../geometry/rounding';

/**
 * Same ROI content, whatever the key order or how the object was built
 * (drawn, parsed, restored): geometry at the stored precision, label,
 * finding, image and linked key images. Used to tell a real edit from a round trip.
 */
export function roisEqual(a: Roi, b: Roi): boolean {
  if (a === b) return true;
  if (a.id !== b.id || a.kind !== b.kind || a.label !== b.label) return false;
  if (('closed' in a ? a.closed : undefined) !== ('closed' in b ? b.closed : undefined)) return false;
  if ((a.finding?.system ?? '') !== (b.finding?.system ?? '') || (a.finding?.code ?? '') !== (b.finding?.code ?? '')) return false;
  if (a.image.sopInstanceUid !== b.image.sopInstanceUid || (a.image.frameNumber ?? 0) !== (b.image.frameNumber ?? 0)) return false;
  if ((a.illustrations ?? []).join(' ') !== (b.illustrations ?? []).join(' ')) return false;
  if (a.points.length !== b.points.length) return false;
  return a.points.every((p, i) => {
    const q = b.points[i]!;
    return roundCoord(p[0]) === roundCoord(q[0]) && roundCoord(p[1]) === roundCoord(q[1]);
  });
}
