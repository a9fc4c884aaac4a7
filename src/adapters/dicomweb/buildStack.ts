import type { InstanceMeta, StackImage } from './models';

type Vec3 = readonly [number, number, number];

function normalOf(iop: InstanceMeta['imageOrientationPatient']): Vec3 | undefined {
  if (!iop) return undefined;
  const [a, b, c, d, e, f] = iop;
  const n: Vec3 = [b * f - c * e, c * d - a * f, a * e - b * d];
  return Math.hypot(...n) > 0.5 ? n : undefined;
}

const dot = (p: Vec3, n: Vec3) => p[0] * n[0] + p[1] * n[1] + p[2] * n[2];

/**
 * Orders instances by position along the slice normal when every instance has
 * geometry and they share an orientation; otherwise by InstanceNumber. The
 * direction follows InstanceNumber where both exist, so a shuffled upload
 * still reads in acquisition order.
 */
export function sortInstances(instances: readonly InstanceMeta[]): InstanceMeta[] {
  const byNumber = (a: InstanceMeta, b: InstanceMeta) =>
    (a.instanceNumber ?? Infinity) - (b.instanceNumber ?? Infinity) || a.sopInstanceUid.localeCompare(b.sopInstanceUid);
  const normal = normalOf(instances[0]?.imageOrientationPatient);
  const canUsePosition =
    normal !== undefined &&
    instances.length > 1 &&
    instances.every((i) => i.imagePositionPatient && i.numberOfFrames === 1 && normalOf(i.imageOrientationPatient));
  if (!canUsePosition) return [...instances].sort(byNumber);
  const keyed = instances.map((i) => ({ i, d: dot(i.imagePositionPatient!, normal) }));
  keyed.sort((a, b) => a.d - b.d || byNumber(a.i, b.i));
  const first = keyed[0]!.i.instanceNumber;
  const last = keyed[keyed.length - 1]!.i.instanceNumber;
  if (first !== undefined && last !== undefined && first > last) keyed.reverse();
  return keyed.map((k) => k.i);
}

export function frameImageId(wadoRoot: string, inst: InstanceMeta, frame: number): string {
  return `wadors:${wadoRoot}/studies/${inst.studyUid}/series/${inst.seriesUid}/instances/${inst.sopInstanceUid}/frames/${frame}`;
}

/** One stack entry per frame, multi-frame instances expanded in frame order. */
export function buildStack(instances: readonly InstanceMeta[], wadoRoot: string): StackImage[] {
  const out: StackImage[] = [];
  for (const inst of sortInstances(instances)) {
    const isMultiframe = inst.numberOfFrames > 1;
    for (let f = 1; f <= inst.numberOfFrames; f++) {
      out.push({ imageId: frameImageId(wadoRoot, inst, f), instance: inst, frameNumber: f, isMultiframe });
    }
  }
  return out;
}
