import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imageToWorld, resolvePlane, worldToImage, type ImagePlane, type Vec3 } from './imagePlane';

const close = (a: readonly number[], b: readonly number[], eps = 1e-9) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - (b[i] ?? NaN))).toBeLessThan(eps));
};

describe('imageToWorld / worldToImage', () => {
  const axial: ImagePlane = {
    rows: 512,
    columns: 512,
    imagePositionPatient: [-100, -200, 30],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    pixelSpacing: [0.5, 0.5],
  };

  it('puts the centre of the first pixel at IPP', () => {
    close(imageToWorld(axial, [0.5, 0.5]), [-100, -200, 30]);
    close(worldToImage(axial, [-100, -200, 30]), [0.5, 0.5]);
  });

  it('puts the top-left corner half a pixel before IPP', () => {
    close(imageToWorld(axial, [0, 0]), [-100.25, -200.25, 30]);
  });

  it('uses PixelSpacing[1] along columns and PixelSpacing[0] along rows (non-square)', () => {
    const plane: ImagePlane = { ...axial, pixelSpacing: [2, 0.5] }; // rows 2 mm apart, columns 0.5 mm
    // 10 columns to the right = 5 mm in x; 10 rows down = 20 mm in y.
    close(imageToWorld(plane, [10.5, 0.5]), [-95, -200, 30]);
    close(imageToWorld(plane, [0.5, 10.5]), [-100, -180, 30]);
    close(worldToImage(plane, [-95, -180, 30]), [10.5, 10.5]);
  });

  it('handles an oblique orientation', () => {
    const s = Math.SQRT1_2;
    const plane: ImagePlane = {
      rows: 100,
      columns: 80,
      imagePositionPatient: [10, 20, 30],
      // Rotated 45° about z, then the column direction tilted into z.
      imageOrientationPatient: [s, s, 0, 0, 0, -1],
      pixelSpacing: [3, 1.5],
    };
    // 2 columns → 3 mm along (s, s, 0); 1 row → 3 mm along (0, 0, -1).
    close(imageToWorld(plane, [2.5, 1.5]), [10 + 3 * s, 20 + 3 * s, 27]);
    close(worldToImage(plane, [10 + 3 * s, 20 + 3 * s, 27]), [2.5, 1.5]);
  });

  it('normalises slightly non-unit direction cosines', () => {
    const plane: ImagePlane = { ...axial, imageOrientationPatient: [1.00001, 0, 0, 0, 0.99999, 0] };
    close(imageToWorld(plane, [10.5, 0.5]), [-95, -200, 30]);
  });

  it('defaults missing geometry like Cornerstone and says so', () => {
    const bare: ImagePlane = { rows: 64, columns: 32 };
    const r = resolvePlane(bare);
    expect(r.hasPatientGeometry).toBe(false);
    expect(r.hasPixelSpacing).toBe(false);
    close(imageToWorld(bare, [0.5, 0.5]), [0, 0, 0]);
    close(imageToWorld(bare, [3.5, 7.5]), [3, 7, 0]);
  });

  it('treats zero or NaN spacing as missing', () => {
    expect(resolvePlane({ ...axial, pixelSpacing: [0, 1] }).hasPixelSpacing).toBe(false);
    expect(resolvePlane({ ...axial, pixelSpacing: [NaN, 1] }).hasPixelSpacing).toBe(false);
    expect(resolvePlane(axial).hasPixelSpacing).toBe(true);
    expect(resolvePlane(axial).hasPatientGeometry).toBe(true);
    expect(resolvePlane({ ...axial, imageOrientationPatient: [0, 0, 0, 0, 1, 0] }).hasPatientGeometry).toBe(false);
  });

  it('round-trips image → world → image within 1e-9 for any orthonormal plane', () => {
    const unitVec = fc
      .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
      .filter(([x, y, z]) => Math.hypot(x, y, z) > 0.1);
    const arb = fc.record({
      a: unitVec,
      b: unitVec,
      ipp: fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true })),
      spacing: fc.tuple(fc.double({ min: 0.01, max: 5, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true })),
      pt: fc.tuple(fc.double({ min: 0, max: 1024, noNaN: true }), fc.double({ min: 0, max: 1024, noNaN: true })),
    });
    fc.assert(
      fc.property(arb, ({ a, b, ipp, spacing, pt }) => {
        // Gram-Schmidt to get an orthonormal pair from two random vectors.
        const la = Math.hypot(...a);
        const r: Vec3 = [a[0] / la, a[1] / la, a[2] / la];
        const d = b[0] * r[0] + b[1] * r[1] + b[2] * r[2];
        const c0: Vec3 = [b[0] - d * r[0], b[1] - d * r[1], b[2] - d * r[2]];
        const lc = Math.hypot(...c0);
        fc.pre(lc > 0.1);
        const plane: ImagePlane = {
          rows: 1024,
          columns: 1024,
          imagePositionPatient: ipp,
          imageOrientationPatient: [r[0], r[1], r[2], c0[0] / lc, c0[1] / lc, c0[2] / lc],
          pixelSpacing: spacing,
        };
        const back = worldToImage(plane, imageToWorld(plane, pt));
        return Math.abs(back[0] - pt[0]) < 1e-9 && Math.abs(back[1] - pt[1]) < 1e-9;
      }),
      { numRuns: 500 },
    );
  });
});
