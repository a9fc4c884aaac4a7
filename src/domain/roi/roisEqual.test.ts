import { describe, expect, it } from 'vitest';
import { roisEqual } from './roisEqual';
import type { Roi } from './Roi';

const a: Roi = { id: 'x', kind: 'polyline', closed: true, points: [[1, 2], [3, 4], [5, 1]], label: 'l', image: { studyUid: 's', seriesUid: 'r', sopInstanceUid: 'i', sopClassUid: 'c' } };

describe('roisEqual', () => {
  it('ignores key order and sub-precision noise', () => {
    const b = { image: { sopClassUid: 'c', sopInstanceUid: 'i', seriesUid: 'r', studyUid: 's' }, label: 'l', points: [[1.00000001, 2], [3, 4], [5, 1]], closed: true, kind: 'polyline', id: 'x' } as Roi;
    expect(roisEqual(a, b)).toBe(true);
  });
  it('sees a moved vertex, a relabel, a closing and a finding', () => {
    expect(roisEqual(a, { ...a, points: [[1, 2], [3, 4.001], [5, 1]] } as Roi)).toBe(false);
    expect(roisEqual(a, { ...a, label: 'm' })).toBe(false);
    expect(roisEqual(a, { ...a, closed: false } as Roi)).toBe(false);
    expect(roisEqual(a, { ...a, finding: { system: 'sct', code: '1' } })).toBe(false);
  });
});
