import { describe, expect, it } from 'vitest';
import { measurementSpacing, unitsNote, UNITS_NOTE } from './Measurement';
import { roiLength } from './roiLength';
import { polyline } from './testRois';

const pos = { imagePositionPatient: [0, 0, 0], imageOrientationPatient: [1, 0, 0, 0, 1, 0] };

describe('one rule for units', () => {
  it('Pixel Spacing, then Imager Pixel Spacing, then px', () => {
    expect(measurementSpacing({ pixelSpacing: [0.5, 0.25], imagerPixelSpacing: [1, 1] })).toEqual({ kind: 'pixel', spacing: [0.5, 0.25] });
    expect(measurementSpacing({ imagerPixelSpacing: [0.2, 0.2] })).toEqual({ kind: 'imager', spacing: [0.2, 0.2] });
    expect(measurementSpacing({ pixelSpacing: [0, 1] })).toEqual({ kind: 'none' });
    expect(measurementSpacing({})).toEqual({ kind: 'none' });
  });

  it('the banner agrees with the measurement unit: spacing without position is mm, not px', () => {
    const spacingOnly = { pixelSpacing: [0.5, 0.5] as const };
    expect(unitsNote([spacingOnly])).toBe(UNITS_NOTE.noPosition);
    const s = measurementSpacing(spacingOnly);
    expect(roiLength(polyline([[0, 0], [4, 0]], false), s.kind === 'none' ? undefined : s.spacing)?.unit).toBe('mm');
    expect(unitsNote([{}])).toBe(UNITS_NOTE.none);
    expect(roiLength(polyline([[0, 0], [4, 0]], false), undefined)?.unit).toBe('px');
    expect(unitsNote([{ imagerPixelSpacing: [0.2, 0.2], ...pos }])).toBe(UNITS_NOTE.imager);
    expect(unitsNote([{ pixelSpacing: [1, 1], ...pos }])).toBeUndefined();
  });
});
