import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFigure, pointModalityValue, roiReadout, roiTextLines } from './roiReadout';
import { circle, ellipse, interpolated, polyline } from './testRois';
import type { PointRoi, Roi } from '../roi/Roi';
import type { RoiModalityStats } from './roiStats';

const point = (c: number, r: number, label = ''): PointRoi => ({ id: 'p', image: { studyUid: '1', seriesUid: '2', sopInstanceUid: '3', sopClassUid: '4' }, label, kind: 'point', points: [[c, r]] });
const hu = (mean: number, stdDev: number): RoiModalityStats => ({ kind: 'values', unit: 'HU', count: 10, mean, stdDev, min: mean - 1, max: mean + 1 });

describe('on-image ROI text', () => {
  it('shows label, area, perimeter and mean/SD of a circle in mm and HU, rounded like the panel', () => {
    const roi = { ...circle([10, 10], [20, 10]), label: 'Liver lesion' };
    // r = 10 px × 0.5 mm = 5 mm: area 78.5 mm², perimeter 31.4 mm
    expect(roiTextLines({ roi, spacing: [0.5, 0.5], stats: hu(40.25, 3.14) })).toEqual(['Liver lesion', 'Area 78.5 mm²', 'Perimeter 31.4 mm', 'Mean 40.3 SD 3.1 HU']);
  });

  it('says Length for an open path and leaves out area and statistics', () => {
    expect(roiTextLines({ roi: polyline([[0, 0], [3, 0], [3, 4]], false) })).toEqual(['Length 7.0 px']);
    expect(roiTextLines({ roi: interpolated([[0, 0], [300, 0], [300, 400]], false) })).toEqual([expect.stringMatching(/^Length \d+ px$/)]);
  });

  it('gives a closed polygon its area and perimeter, and an ellipse too', () => {
    expect(roiTextLines({ roi: polyline([[0, 0], [4, 0], [4, 3]], true) })).toEqual(['Area 6.0 px²', 'Perimeter 12.0 px']);
    expect(roiTextLines({ roi: ellipse([0, 5], [20, 5], [10, 0], [10, 10]), spacing: [1, 1] })).toEqual(['Area 157 mm²', 'Perimeter 48.4 mm']);
  });

  it('shows a Point as its saved TLHC position and the value under it', () => {
    expect(roiTextLines({ roi: point(64.5, 70.25, 'Cyst'), pointValue: { kind: 'value', value: -1006, unit: 'HU' } })).toEqual(['Cyst', '(64.50, 70.25) -1006 HU']);
    expect(roiTextLines({ roi: point(1, 2), pointValue: { kind: 'none', reason: 'colour image: no modality values' } })).toEqual(['(1.00, 2.00)']);
    expect(roiTextLines({ roi: point(1, 2) })).toEqual(['(1.00, 2.00)']);
  });

  it('leaves out statistics that are not numbers, and an unlabelled ROI has no label line', () => {
    const roi = polyline([[0, 0], [4, 0], [4, 3]], true);
    expect(roiTextLines({ roi, stats: hu(Number.NaN, 1) })).toEqual(['Area 6.0 px²', 'Perimeter 12.0 px']);
    expect(roiTextLines({ roi, stats: { kind: 'none', reason: 'colour image: no modality values' } })).toEqual(['Area 6.0 px²', 'Perimeter 12.0 px']);
    expect(roiReadout({ roi, stats: { kind: 'none', reason: 'x' } }).noStats).toBe('No pixel statistics: x');
  });

  it('a statistic without a unit (MR) carries none', () => {
    const roi = circle([10, 10], [12, 10]);
    expect(roiReadout({ roi, stats: { kind: 'values', unit: '', count: 3, mean: 150, stdDev: 2, min: 148, max: 152 } })).toMatchObject({
      meanSd: 'Mean 150 SD 2.0',
      stats: 'Mean 150 SD 2.0 Min 148 Max 152 (n 3)',
    });
  });

  it('formats like the panel always did', () => {
    expect(formatFigure(99.94)).toBe('99.9');
    expect(formatFigure(100.4)).toBe('100');
    expect(formatFigure(-1006.2)).toBe('-1006');
  });

  it('never shows NaN, Infinity, null or undefined, whatever the inputs', () => {
    const num = fc.oneof(fc.double({ noNaN: false }), fc.constant(Number.NaN), fc.constant(Infinity));
    const pt = fc.tuple(num, num);
    const roi: fc.Arbitrary<Roi> = fc.oneof(
      pt.map(([c, r]) => point(c, r)),
      fc.tuple(pt, pt).map(([a, b]) => circle(a, b)),
      fc.tuple(pt, pt, pt, pt).map(([a, b, c, d]) => ellipse(a, b, c, d)),
      fc.tuple(fc.array(pt, { minLength: 2, maxLength: 6 }), fc.boolean()).map(([p, closed]) => polyline(p, closed)),
      fc.tuple(fc.array(pt, { minLength: 3, maxLength: 6 }), fc.boolean()).map(([p, closed]) => interpolated(p, closed)),
    );
    const stats = fc.option(fc.tuple(num, num, num, num).map(([mean, stdDev, min, max]): RoiModalityStats => ({ kind: 'values', unit: 'HU', count: 4, mean, stdDev, min, max })), { nil: undefined });
    const spacing = fc.option(fc.tuple(num, num), { nil: undefined });
    const value = fc.option(num.map((v) => ({ kind: 'value' as const, value: v, unit: 'HU' })), { nil: undefined });
    fc.assert(
      fc.property(roi, spacing, stats, value, (r, sp, st, pv) => {
        const lines = roiTextLines({ roi: r, spacing: sp, stats: st, pointValue: pv });
        for (const l of lines) expect(l).not.toMatch(/NaN|Infinity|null|undefined/);
        const parts = Object.values(roiReadout({ roi: r, spacing: sp, stats: st, pointValue: pv }));
        for (const l of parts) expect(l).not.toMatch(/NaN|Infinity|null|undefined/);
      }),
    );
  });
});

describe('the value under a Point', () => {
  const meaning = { kind: 'modality' as const, transform: { kind: 'rescale' as const, slope: 1, intercept: -1024 }, unit: 'HU' };
  it('reads the pixel whose area holds the point, through the rescale', () => {
    expect(pointModalityValue(point(2.5, 1.99), 4, 4, meaning, (i, j) => i * 10 + j)).toEqual({ kind: 'value', value: 21 - 1024, unit: 'HU' });
  });
  it('is undefined outside the image and for other kinds', () => {
    expect(pointModalityValue(point(4, 1), 4, 4, meaning, () => 0)).toBeUndefined();
    expect(pointModalityValue(circle([1, 1], [2, 1]), 4, 4, meaning, () => 0)).toBeUndefined();
  });
});
