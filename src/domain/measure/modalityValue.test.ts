import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COLOUR_REASON, LUT_UNREADABLE_REASON, formatReadout, pixelMeaning, pixelUnder, toModalityValue } from './modalityValue';

describe('pixelMeaning', () => {
  it('CT with slope 1, intercept -1024 is a rescale to HU', () => {
    expect(pixelMeaning({ modality: 'CT', photometricInterpretation: 'MONOCHROME2', rescaleSlope: 1, rescaleIntercept: -1024 })).toEqual({
      kind: 'modality',
      transform: { kind: 'rescale', slope: 1, intercept: -1024 },
      unit: 'HU',
    });
  });

  it('no rescale is the identity, with no unit outside CT', () => {
    expect(pixelMeaning({ modality: 'MR', photometricInterpretation: 'MONOCHROME2' })).toEqual({ kind: 'modality', transform: { kind: 'identity' }, unit: '' });
  });

  it('Rescale Type names the unit unless it is US (unspecified)', () => {
    expect(pixelMeaning({ modality: 'OT', rescaleSlope: 2, rescaleType: 'OD' })).toMatchObject({ unit: 'OD' });
    expect(pixelMeaning({ modality: 'CT', rescaleSlope: 2, rescaleType: 'US' })).toMatchObject({ unit: 'HU' });
  });

  it('colour images have no modality values', () => {
    for (const pi of ['RGB', 'YBR_FULL', 'PALETTE COLOR', 'YBR_FULL_422']) {
      expect(pixelMeaning({ photometricInterpretation: pi, rescaleIntercept: -1024 })).toEqual({ kind: 'none', reason: COLOUR_REASON });
    }
    expect(pixelMeaning({ samplesPerPixel: 3 })).toEqual({ kind: 'none', reason: COLOUR_REASON });
  });

  it('a Modality LUT wins over rescale; an unreadable one gives no values', () => {
    const m = pixelMeaning({ modality: 'CT', rescaleIntercept: -1024, modalityLut: { firstMapped: 10, data: [5, 6, 7] } });
    expect(m).toMatchObject({ kind: 'modality', transform: { kind: 'lut', firstMapped: 10 } });
    expect(pixelMeaning({ modalityLut: 'unreadable' })).toEqual({ kind: 'none', reason: LUT_UNREADABLE_REASON });
  });
});

describe('toModalityValue', () => {
  it('applies slope and intercept exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 65535 }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.integer({ min: -5000, max: 5000 }), (v, slope, intercept) => {
        expect(toModalityValue({ kind: 'rescale', slope, intercept }, v)).toBe(v * slope + intercept);
      }),
    );
    expect(toModalityValue({ kind: 'rescale', slope: 1, intercept: -1024 }, 2806)).toBe(1782);
    expect(toModalityValue({ kind: 'identity' }, 17)).toBe(17);
  });

  it('a LUT maps from its first value and clamps outside the table', () => {
    const t = { kind: 'lut', firstMapped: 10, data: [100, 200, 300] } as const;
    expect(toModalityValue(t, 10)).toBe(100);
    expect(toModalityValue(t, 12)).toBe(300);
    expect(toModalityValue(t, 3)).toBe(100);
    expect(toModalityValue(t, 99)).toBe(300);
  });
});

describe('readouts', () => {
  it('the pixel under a TLHC point is floor(x), floor(y); the far edges are outside', () => {
    expect(pixelUnder([0, 0], 4, 3)).toEqual([0, 0]);
    expect(pixelUnder([2.999, 3.5], 4, 3)).toEqual([2, 3]);
    expect(pixelUnder([3, 0], 4, 3)).toBeUndefined();
    expect(pixelUnder([-0.01, 0], 4, 3)).toBeUndefined();
  });
  it('formats values with their unit, and reasons as they are', () => {
    expect(formatReadout({ kind: 'value', value: 1782, unit: 'HU' })).toBe('1782 HU');
    expect(formatReadout({ kind: 'value', value: 0.125, unit: '' })).toBe('0.13');
    expect(formatReadout({ kind: 'none', reason: COLOUR_REASON })).toBe(COLOUR_REASON);
  });
});
