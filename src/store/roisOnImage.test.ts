import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roisOnImage } from './roisOnImage';
import type { RoiRecord } from './slices/roiSlice';

const rec = (id: string, sop: string, frame?: number): RoiRecord =>
  ({ roi: { id, kind: 'point', points: [[1, 1]], image: { studyUid: '1', seriesUid: '2', sopInstanceUid: sop, sopClassUid: '3', ...(frame !== undefined ? { frameNumber: frame } : {}) } }, sync: 'unsaved' }) as unknown as RoiRecord;

describe('roisOnImage', () => {
  it('gives the same ids, in list order, as a filter over every ROI', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('1.1', '1.2', '1.3'), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })), { maxLength: 60 }), fc.constantFrom('1.1', '1.2', '1.4'), fc.integer({ min: 1, max: 3 }), (placed, sop, frame) => {
        const records: Record<string, RoiRecord> = {};
        const order = placed.map(([s, f], i) => {
          records[`r${i}`] = rec(`r${i}`, s, f);
          return `r${i}`;
        });
        const expected = order.filter((id) => records[id]!.roi.image.sopInstanceUid === sop && (records[id]!.roi.image.frameNumber ?? 1) === frame);
        expect(roisOnImage({ records, order }, sop, frame)).toEqual(expected);
      }),
    );
  });

  it('is rebuilt when the records or the order change, and reused otherwise', () => {
    const records = { a: rec('a', '1.1'), b: rec('b', '1.1') };
    const first = roisOnImage({ records, order: ['a', 'b'] }, '1.1', 1);
    expect(roisOnImage({ records, order: ['a', 'b'] }, '1.1', 1)).toEqual(first);
    expect(roisOnImage({ records, order: ['b', 'a'] }, '1.1', 1)).toEqual(['b', 'a']);
    const moved = { ...records, a: rec('a', '1.2') };
    expect(roisOnImage({ records: moved, order: ['b', 'a'] }, '1.1', 1)).toEqual(['b']);
    expect(roisOnImage({ records: moved, order: ['b', 'a'] }, '1.2', undefined)).toEqual(['a']);
  });
});
