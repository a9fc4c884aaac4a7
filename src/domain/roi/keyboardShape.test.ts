import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { announceCrosshair, centreCrosshair, keyboardShape, moveCrosshair } from './keyboardShape';

describe('keyboard drawing', () => {
  it('starts on the centre pixel and moves by whole pixels, staying on pixel centres inside the image', () => {
    expect(centreCrosshair(128, 128)).toEqual([64.5, 64.5]);
    expect(centreCrosshair(5, 4)).toEqual([2.5, 2.5]);
    expect(moveCrosshair([64.5, 64.5], 10, -1, 128, 128)).toEqual([74.5, 63.5]);
    expect(moveCrosshair([1.5, 1.5], -10, -10, 128, 128)).toEqual([0.5, 0.5]);
    expect(moveCrosshair([126.5, 1.5], 10, 200, 128, 128)).toEqual([127.5, 127.5]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 600 }), fc.array(fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 })), { maxLength: 40 }), (cols, rows, moves) => {
        let p = centreCrosshair(cols, rows);
        for (const [dx, dy] of moves) p = moveCrosshair(p, dx, dy, cols, rows);
        expect(p[0] - Math.floor(p[0])).toBe(0.5);
        expect(p[1] - Math.floor(p[1])).toBe(0.5);
        expect(p[0]).toBeGreaterThan(0);
        expect(p[0]).toBeLessThan(cols);
        expect(p[1]).toBeLessThan(rows);
      }),
    );
  });

  it('turns placed vertices into each kind of shape', () => {
    expect(keyboardShape('Point', [[1.5, 2.5]])).toEqual({ kind: 'point', points: [[1.5, 2.5]] });
    expect(keyboardShape('Circle', [[10.5, 10.5]])).toBeUndefined();
    expect(keyboardShape('Circle', [[10.5, 10.5], [14.5, 10.5]])).toEqual({ kind: 'circle', points: [[10.5, 10.5], [14.5, 10.5]] });
    expect(keyboardShape('Ellipse', [[0.5, 0.5], [10.5, 4.5]])).toEqual({ kind: 'ellipse', points: [[0.5, 2.5], [10.5, 2.5], [5.5, 0.5], [5.5, 4.5]] });
    expect(keyboardShape('Ellipse', [[0.5, 0.5], [4.5, 10.5]])?.points[0]).toEqual([2.5, 0.5]);
    expect(keyboardShape('Polyline', [[1.5, 1.5], [2.5, 2.5], [3.5, 1.5]], true)).toEqual({ kind: 'polyline', points: [[1.5, 1.5], [2.5, 2.5], [3.5, 1.5]], closed: true });
  });

  it('announces the TLHC coordinate', () => {
    expect(announceCrosshair([64.5, 63.5], 0)).toBe('Crosshair at column 64.5, row 63.5');
    expect(announceCrosshair([64.5, 63.5], 2)).toBe('Crosshair at column 64.5, row 63.5; 2 points placed');
  });
});
