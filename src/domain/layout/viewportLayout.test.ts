import { describe, expect, it } from 'vitest';
import { gridOf, parseLayout, viewportCount } from './viewportLayout';

describe('parseLayout', () => {
  it('reads the three layouts, as typed or with a multiplication sign', () => {
    expect(parseLayout('1x1')).toBe('1x1');
    expect(parseLayout('1X2')).toBe('1x2');
    expect(parseLayout(' 2×2 ')).toBe('2x2');
  });

  it('refuses anything else without throwing', () => {
    for (const v of ['2x1', '3x3', '', 'x', 2, null, undefined, {}, ['1x2']]) expect(parseLayout(v)).toBeUndefined();
  });
});

describe('viewportCount / gridOf', () => {
  it('gives the number of viewports and the grid', () => {
    expect([viewportCount('1x1'), viewportCount('1x2'), viewportCount('2x2')]).toEqual([1, 2, 4]);
    expect(gridOf('1x2')).toEqual({ rows: 1, columns: 2 });
    expect(gridOf('2x2')).toEqual({ rows: 2, columns: 2 });
  });
});
