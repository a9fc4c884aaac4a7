// Statistics and formatting for the bench (plain ESM, no dependencies).

/** Sorted copy of the finite numbers in xs. */
const sorted = (xs) => xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);

/** Quantile by linear interpolation between closest ranks (q in [0,1]); NaN for no data. */
export function quantile(xs, q) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);

/** { n, median, min, max, p95 } of the finite values. */
export function summarize(xs) {
  const s = sorted(xs);
  return { n: s.length, median: quantile(s, 0.5), min: s.length ? s[0] : NaN, max: s.length ? s[s.length - 1] : NaN, p95: quantile(s, 0.95) };
}

/** a / b, NaN when either is missing or b is 0. */
export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
}

/** "1.23×", or "n/a". */
export function fmtRatio(r, digits = 2) {
  return Number.isFinite(r) ? `${r.toFixed(digits)}×` : 'n/a';
}

/**
 * Verdict of a ratio against a target: { max } for "≤ max", { min } for "≥ min".
 * Returns 'pass' | 'FAIL' | 'n/a'.
 */
export function verdict(r, target) {
  if (!Number.isFinite(r) || !target) return 'n/a';
  if (target.max !== undefined) return r <= target.max ? 'pass' : 'FAIL';
  if (target.min !== undefined) return r >= target.min ? 'pass' : 'FAIL';
  return 'n/a';
}

export function fmtTarget(target) {
  if (!target) return '';
  return target.max !== undefined ? `≤ ${target.max}×` : `≥ ${target.min}×`;
}

/** Milliseconds with sensible precision: 0.42 ms, 12.3 ms, 1234 ms. */
export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** Bytes as kB/MB (decimal, like the gzip target). */
export function fmtBytes(b) {
  if (!Number.isFinite(b)) return 'n/a';
  if (b < 1000) return `${b} B`;
  if (b < 1e6) return `${(b / 1e3).toFixed(1)} kB`;
  return `${(b / 1e6).toFixed(2)} MB`;
}

/** "median (min–max)" of a summary, formatted with fmt. */
export function fmtSummary(s, fmt = fmtMs) {
  if (!s || !s.n) return 'n/a';
  return s.n === 1 ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

/** A GitHub markdown table; cells are stringified, pipes escaped. */
export function mdTable(header, rows) {
  const cell = (c) => String(c ?? '').replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Growth exponent between two points of a curve: log(y2/y1)/log(x2/x1); 1 = linear. */
export function growthExponent(x1, y1, x2, y2) {
  if (!(x1 > 0 && x2 > 0 && y1 > 0 && y2 > 0) || x1 === x2) return NaN;
  return Math.log(y2 / y1) / Math.log(x2 / x1);
}
