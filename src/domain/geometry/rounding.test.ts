import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundCoord } from './rounding';
import { imageToWorld, worldToImage, type ImagePlane } from './imagePlane';

describe('roundCoord', () => {
  it('keeps 4 decimals', () => {
    expect(roundCoord(1.23456)).toBe(1.2346);
    expect(roundCoord(12.00004)).toBe(12);
    expect(roundCoord(0.1 + 0.2)).toBe(0.3);
  });

  it('never returns -0', () => {
    expect(Object.is(roundCoord(-0.00001), 0)).toBe(true);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => roundCoord(roundCoord(x)) === roundCoord(x)));
  });

  it('a stored coordinate survives a trip through world space unchanged', () => {
    const plane = fc.record({
      rows: fc.constant(512),
      columns: fc.constant(512),
      imagePositionPatient: fc.tuple(fc.double({ min: -400, max: 400, noNaN: true }), fc.double({ min: -400, max: 400, noNaN: true }), fc.double({ min: -400, max: 400, noNaN: true })),
      imageOrientationPatient: fc.constantFrom(
        [1, 0, 0, 0, 1, 0] as const,
        [0, 1, 0, 0, 0, -1] as const,
        [Math.SQRT1_2, Math.SQRT1_2, 0, 0, 0, -1] as const,
      ),
      pixelSpacing: fc.tuple(fc.double({ min: 0.05, max: 4, noNaN: true }), fc.double({ min: 0.05, max: 4, noNaN: true })),
    }) as fc.Arbitrary<ImagePlane>;
    // Stored values: integers of 1/10000 px within the image.
    const stored = fc.integer({ min: 0, max: 512 * 10_000 }).map((n) => n / 10_000);
    fc.assert(
      fc.property(plane, stored, stored, (p, c, r) => {
        expect(roundCoord(c)).toBe(c);
        const back = worldToImage(p, imageToWorld(p, [c, r]));
        return roundCoord(back[0]) === c && roundCoord(back[1]) === r;
      }),
      { numRuns: 1000 },
    );
  });
});
