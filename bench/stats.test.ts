import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtMs, fmtRatio, fmtSummary, growthExponent, mdTable, median, quantile, ratio, summarize, verdict } from './stats.mjs';

describe('bench statistics', () => {
  it('median of odd and even counts, ignoring non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5, Infinity, 1])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('quantiles interpolate between ranks', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i);
    expect(quantile(xs, 0.95)).toBe(95);
    expect(quantile([10, 20], 0.95)).toBeCloseTo(19.5);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('summarize gives n, median, min, max, p95', () => {
    expect(summarize([5, 1, 9, 3, 7])).toEqual({ n: 5, median: 5, min: 1, max: 9, p95: 8.6 });
    expect(summarize([]).n).toBe(0);
  });
});

describe('ratios and formatting', () => {
  it('ratio is NaN without a usable reference', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
  });

  it('formats ratios and verdicts against ≤ and ≥ targets', () => {
    expect(fmtRatio(1.2345)).toBe('1.23×');
    expect(fmtRatio(NaN)).toBe('n/a');
    expect(verdict(1.05, { max: 1.1 })).toBe('pass');
    expect(verdict(1.2, { max: 1.1 })).toBe('FAIL');
    expect(verdict(0.95, { min: 0.9 })).toBe('pass');
    expect(verdict(0.8, { min: 0.9 })).toBe('FAIL');
    expect(verdict(NaN, { max: 1 })).toBe('n/a');
  });

  it('formats times, sizes and summaries', () => {
    expect(fmtMs(0.4216)).toBe('0.42 ms');
    expect(fmtMs(12.34)).toBe('12.3 ms');
    expect(fmtMs(1234.5)).toBe('1235 ms');
    expect(fmtBytes(1_234_567)).toBe('1.23 MB');
    expect(fmtBytes(45_600)).toBe('45.6 kB');
    expect(fmtSummary(summarize([10, 20, 30]))).toBe('20.0 ms (10.0 ms–30.0 ms)');
  });

  it('markdown tables escape pipes', () => {
    expect(mdTable(['a', 'b'], [[1, 'x|y']])).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
  });

  it('growth exponent: 1 for linear, 2 for quadratic', () => {
    expect(growthExponent(100, 10, 1000, 100)).toBeCloseTo(1);
    expect(growthExponent(10, 1, 100, 100)).toBeCloseTo(2);
    expect(growthExponent(0, 1, 10, 2)).toBeNaN();
  });
});
