/**
 * Scroll sync by position: which image of another series lies closest, along
 * the slice normal of the series being scrolled, to the image shown there.
 * Index sync is wrong as soon as two series differ in slice spacing, start or
 * order, so sync is defined in patient mm and only between series sharing a
 * Frame of Reference (positions in different frames are not comparable).
 */
import type { InstanceMeta, StackImage } from '../study/models';
import type { Vec3 } from './imagePlane';

/** Where an image sits in patient space: its position and the normal of its plane. */
export interface SlicePlacement {
  readonly frameOfReferenceUid: string;
  readonly position: Vec3;
  readonly normal: Vec3;
}

function positionOf(instance: InstanceMeta, frameNumber: number): Vec3 | undefined {
  return instance.framePositions?.[frameNumber - 1] ?? instance.imagePositionPatient;
}

/** The image's placement, or undefined when it lacks a Frame of Reference, a position or an orientation. */
export function slicePlacement(img: StackImage): SlicePlacement | undefined {
  const { frameOfReferenceUid, imageOrientationPatient: o } = img.instance;
  const position = positionOf(img.instance, img.frameNumber);
  if (!frameOfReferenceUid || !position || !o) return undefined;
  const n: Vec3 = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  const len = Math.hypot(n[0], n[1], n[2]);
  if (!(len > 1e-6)) return undefined;
  return { frameOfReferenceUid, position, normal: [n[0] / len, n[1] / len, n[2] / len] };
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * Index in `target` of the image closest to `source` along the source's slice
 * normal, or undefined when they do not share a Frame of Reference or the
 * geometry is missing. Ties go to the lower index, so the result is stable.
 */
export function closestByPosition(source: StackImage, target: readonly StackImage[]): number | undefined {
  const from = slicePlacement(source);
  if (!from) return undefined;
  const at = dot(from.position, from.normal);
  let best: number | undefined;
  let bestDistance = Infinity;
  target.forEach((img, i) => {
    const p = slicePlacement(img);
    if (!p || p.frameOfReferenceUid !== from.frameOfReferenceUid) return;
    const d = Math.abs(dot(p.position, from.normal) - at);
    if (d < bestDistance - 1e-6) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/** The series' Frame of Reference, when all its images agree on one. */
export function frameOfReferenceOf(images: readonly StackImage[]): string | undefined {
  const uid = images[0]?.instance.frameOfReferenceUid;
  return uid && images.every((i) => i.instance.frameOfReferenceUid === uid) ? uid : undefined;
}
