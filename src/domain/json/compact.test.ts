import { describe, expect, it } from 'vitest';
import { compact } from './compact';

describe('compact', () => {
  it('drops undefined members at any depth and keeps every other value', () => {
    const input = { a: 1, b: undefined, c: [{ d: undefined, e: null, f: '' }, [1, 2]], g: { h: { i: undefined, j: 0 } } };
    expect(compact(input)).toEqual({ a: 1, c: [{ e: null, f: '' }, [1, 2]], g: { h: { j: 0 } } });
    expect(JSON.stringify(compact(input))).toBe('{"a":1,"c":[{"e":null,"f":""},[1,2]],"g":{"h":{"j":0}}}');
  });

  it('returns a number array as it is, without copying it', () => {
    const coords = [1.5, 2.5, 3.5];
    expect(compact({ coords }).coords).toBe(coords);
  });

  it('does not change its input', () => {
    const input = { a: undefined, b: { c: undefined } };
    compact(input);
    expect(Object.keys(input)).toEqual(['a', 'b']);
    expect(Object.keys(input.b)).toEqual(['c']);
  });
});
