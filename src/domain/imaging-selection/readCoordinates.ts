import type { Point2 } from '../roi/Roi';
import { preview } from './readJson';

export type CoordinatesRead =
  | { readonly ok: true; readonly points: Point2[] }
  | { readonly ok: false; readonly problem: string; readonly index?: number };

/**
 * Decodes `coordinate` into (column, row) pairs. FHIR JSON decimals are JSON
 * numbers, so numeric strings are rejected like any other non-number. One
 * linear pass: 100,000-point outlines are normal for freehand tools.
 */
export function readCoordinates(raw: unknown): CoordinatesRead {
  if (!Array.isArray(raw)) return { ok: false, problem: 'coordinate is missing or not a list' };
  if (raw.length === 0) return { ok: false, problem: 'coordinate is empty' };
  if (raw.length % 2 !== 0) return { ok: false, problem: `odd number of coordinates (${raw.length})` };
  const points: Point2[] = new Array<Point2>(raw.length / 2);
  for (let k = 0; k < raw.length; k += 2) {
    const c: unknown = raw[k];
    const r: unknown = raw[k + 1];
    if (typeof c !== 'number' || !Number.isFinite(c)) return { ok: false, problem: `coordinate ${k} is not a number: ${preview(c)}`, index: k };
    if (typeof r !== 'number' || !Number.isFinite(r)) return { ok: false, problem: `coordinate ${k + 1} is not a number: ${preview(r)}`, index: k + 1 };
    points[k / 2] = [c, r];
  }
  return { ok: true, points };
}

/** Index of the first pair outside [0, columns] × [0, rows], or -1. */
export function firstOutside(points: readonly Point2[], rows: number, columns: number): number {
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point2;
    if (p[0] < 0 || p[0] > columns || p[1] < 0 || p[1] > rows) return i;
  }
  return -1;
}
