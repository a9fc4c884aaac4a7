import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rangeToWindow, windowToRange } from './voiWindow';

describe('DICOM linear VOI window ⇄ range', () => {
  it('400/40 is the range [-160, 239] and reads back as exactly 400/40', () => {
    expect(windowToRange(40, 400)).toEqual({ lower: -160, upper: 239 });
    expect(rangeToWindow({ lower: -160, upper: 239 })).toEqual({ center: 40, width: 400 });
  });

  it('round-trips any window', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 1, max: 70000 }), (c, w) => {
        expect(rangeToWindow(windowToRange(c, w))).toEqual({ center: c, width: w });
      }),
    );
  });
});
