import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closestByPosition, frameOfReferenceOf, slicePlacement } from './positionSync';
import type { InstanceMeta, StackImage } from '../study/models';

const AXIAL = [1, 0, 0, 0, 1, 0] as const;

function image(z: number, opts: { for?: string; iop?: InstanceMeta['imageOrientationPatient']; n?: number } = {}): StackImage {
  const uid = `1.2.3.${opts.n ?? Math.round(z * 100)}`;
  return {
    imageId: `wadors:${uid}`,
    frameNumber: 1,
    isMultiframe: false,
    instance: {
      studyUid: '1.2',
      seriesUid: '1.2.1',
      sopInstanceUid: uid,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      rows: 4,
      columns: 4,
      numberOfFrames: 1,
      imagePositionPatient: [-10, -20, z],
      imageOrientationPatient: 'iop' in opts ? opts.iop : AXIAL,
      frameOfReferenceUid: 'for' in opts ? opts.for : '9.9',
    },
  };
}

const series = (zs: readonly number[]) => zs.map((z, n) => image(z, { n }));

describe('closestByPosition', () => {
  it('matches by position, not index, across different spacing and start', () => {
    const thin = series([0, 1.25, 2.5, 3.75, 5, 6.25, 7.5, 8.75, 10]);
    const thick = series([1, 6, 11]); // 5 mm slices starting 1 mm further
    expect(closestByPosition(thin[0]!, thick)).toBe(0); // 0 → 1
    expect(closestByPosition(thin[3]!, thick)).toBe(1); // 3.75 is 2.25 mm from 6, 2.75 mm from 1
    expect(closestByPosition(thin[8]!, thick)).toBe(2); // index 8 has no counterpart by index
  });

  it('picks the nearest slice along the normal', () => {
    const thick = series([1, 6, 11]);
    expect(closestByPosition(image(3.75), thick)).toBe(1);
    expect(closestByPosition(image(3.4), thick)).toBe(0);
    expect(closestByPosition(image(50), thick)).toBe(2);
    expect(closestByPosition(image(-50), thick)).toBe(0);
  });

  it('follows a reversed target order', () => {
    const reversed = series([11, 6, 1]);
    expect(closestByPosition(image(10), reversed)).toBe(0);
    expect(closestByPosition(image(2), reversed)).toBe(2);
  });

  it('measures along the slice normal, ignoring in-plane offsets', () => {
    const shifted = [1, 6, 11].map((z, n) => ({ ...image(z, { n }), instance: { ...image(z, { n }).instance, imagePositionPatient: [300, -400, z] as const } }));
    expect(closestByPosition(image(6.2), shifted)).toBe(1);
  });

  it('uses the normal of oblique planes', () => {
    const c = Math.SQRT1_2;
    const iop = [1, 0, 0, 0, c, c] as const; // normal (0, -c, c)
    const src = { ...image(0, { iop }), instance: { ...image(0, { iop }).instance, imagePositionPatient: [0, -2, 2] as const } };
    const tgt = [0, 1, 2, 3].map((k, n) => ({ ...image(0, { iop, n }), instance: { ...image(0, { iop, n }).instance, imagePositionPatient: [0, -k, k] as const } }));
    expect(closestByPosition(src, tgt)).toBe(2);
  });

  it('refuses another Frame of Reference or missing geometry', () => {
    expect(closestByPosition(image(1), [image(1, { for: '8.8' })])).toBeUndefined();
    expect(closestByPosition(image(1, { for: undefined }), series([1]))).toBeUndefined();
    expect(closestByPosition(image(1, { iop: undefined }), series([1]))).toBeUndefined();
    expect(closestByPosition(image(1), [image(1, { iop: undefined })])).toBeUndefined();
  });

  it('uses per-frame positions of a multi-frame instance', () => {
    const base = image(0).instance;
    const mf: StackImage[] = [0, 2, 4].map((z, i) => ({ imageId: `mf${i}`, frameNumber: i + 1, isMultiframe: true, instance: { ...base, framePositions: [[0, 0, 0], [0, 0, 2], [0, 0, 4]] } }));
    expect(closestByPosition(image(2.9), mf)).toBe(1);
    expect(slicePlacement(mf[2]!)?.position).toEqual([0, 0, 4]);
  });

  it('returns an image no farther than any other (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -500, max: 500, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: -600, max: 600, noNaN: true }), (zs, z) => {
        const i = closestByPosition(image(z), series(zs));
        expect(i).toBeDefined();
        const d = Math.abs(zs[i!]! - z);
        for (const other of zs) expect(d).toBeLessThanOrEqual(Math.abs(other - z) + 1e-6);
      }),
    );
  });
});

describe('frameOfReferenceOf', () => {
  it('is the shared Frame of Reference, or undefined when images disagree', () => {
    expect(frameOfReferenceOf(series([1, 2]))).toBe('9.9');
    expect(frameOfReferenceOf([image(1), image(2, { for: '8.8' })])).toBeUndefined();
    expect(frameOfReferenceOf([])).toBeUndefined();
  });
});
