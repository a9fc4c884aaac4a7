import { describe, expect, it } from 'vitest';
import { unsavedCount } from './unsavedCount';
import type { RoiRecord } from './slices/roiSlice';

const rec = (sync: RoiRecord['sync']) => ({ sync }) as unknown as RoiRecord;

describe('unsavedCount', () => {
  it('counts unsaved and deleted-not-yet-saved ROIs, and follows a new version of the records or the order', () => {
    const records = { a: rec('saved'), b: rec('unsaved'), c: rec('deleted') };
    expect(unsavedCount({ records, order: ['a', 'b', 'c'] })).toBe(2);
    expect(unsavedCount({ records, order: ['a', 'b'] })).toBe(1);
    expect(unsavedCount({ records: { ...records, b: rec('saved') }, order: ['a', 'b', 'c'] })).toBe(1);
    expect(unsavedCount({ records: {}, order: [] })).toBe(0);
  });
});
