import { roundCoord } from '../geometry/rounding';
import type { Roi } from './Roi';

/** One stored version of an ROI as the history shows it; `roi` is absent when it could not be read. */
export interface RoiVersionContent {
  readonly roi?: Roi;
  /** The resource's status: available, entered-in-error, ... */
  readonly status: string;
}

export type VersionChange = 'created' | 'geometry' | 'image' | 'label' | 'finding' | 'status' | 'unreadable';

function sameGeometry(a: Roi, b: Roi): boolean {
  if (a.kind !== b.kind || a.points.length !== b.points.length) return false;
  if (('closed' in a ? a.closed : undefined) !== ('closed' in b ? b.closed : undefined)) return false;
  return a.points.every((p, i) => {
    const q = b.points[i]!;
    return roundCoord(p[0]) === roundCoord(q[0]) && roundCoord(p[1]) === roundCoord(q[1]);
  });
}

/**
 * What a version changed against the one before it, in the terms a reviewer
 * asks about. Geometry is compared at the stored precision, so a version
 * that only re-serialised the same shape shows no geometry change.
 */
export function versionChanges(before: RoiVersionContent | undefined, after: RoiVersionContent): VersionChange[] {
  if (!after.roi && after.status !== 'entered-in-error') return ['unreadable'];
  if (!before) return ['created'];
  const out: VersionChange[] = [];
  const a = before.roi;
  const b = after.roi;
  if (a && b) {
    if (a.image.sopInstanceUid !== b.image.sopInstanceUid || (a.image.frameNumber ?? 1) !== (b.image.frameNumber ?? 1)) out.push('image');
    if (!sameGeometry(a, b)) out.push('geometry');
    if (a.label !== b.label) out.push('label');
    if ((a.finding?.system ?? '') !== (b.finding?.system ?? '') || (a.finding?.code ?? '') !== (b.finding?.code ?? '')) out.push('finding');
  }
  if (before.status !== after.status) out.push('status');
  return out;
}
