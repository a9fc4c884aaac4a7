import { describe, expect, it } from 'vitest';
import { dicomLabToRgb, paletteColor } from './cielab';

describe('dicomLabToRgb', () => {
  // Values written by highdicom 0.28 (CIELabColor.from_rgb) for the ct-200 SEG sample.
  it.each([
    [[50394, 36212, 39922], [230, 180, 140]],
    [[33911, 43649, 42694], [200, 90, 60]],
    [[38610, 36704, 16420], [60, 140, 255]],
    [[46669, 16793, 44058], [40, 200, 90]],
    [[59449, 30471, 55982], [255, 230, 0]],
  ])('%j → %j within 1 step', (lab, rgb) => {
    const got = dicomLabToRgb(lab)!;
    got.forEach((c, i) => expect(Math.abs(c - rgb[i]!)).toBeLessThanOrEqual(1));
  });
  it('white and black', () => {
    expect(dicomLabToRgb([0xffff, 0x8080, 0x8080])).toEqual([255, 255, 255]);
    expect(dicomLabToRgb([0, 0x8080, 0x8080])).toEqual([0, 0, 0]);
  });
  it('refuses malformed values', () => {
    expect(dicomLabToRgb([1, 2])).toBeUndefined();
    expect(dicomLabToRgb([70000, 0, 0])).toBeUndefined();
    expect(dicomLabToRgb([Number.NaN, 0, 0])).toBeUndefined();
  });
  it('palette colours cycle', () => {
    expect(paletteColor(1)).toEqual(paletteColor(9));
  });
});
