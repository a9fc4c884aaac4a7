import { isRecord, list, preview, type Json } from './readJson';

export interface FramesRead {
  /** Valid 1-based frame numbers, deduplicated, in order; empty when none given. */
  readonly frames: number[];
  readonly problems: { readonly message: string; readonly path: string }[];
}

function toFrame(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/**
 * Frame numbers of an instance: R5 `subset` (strings), or the R6 ballot's
 * `frameNumber` (positiveInt list) / `frameList` (list or a string of numbers).
 */
export function readFrames(instance: Json, path: string): FramesRead {
  const problems: FramesRead['problems'][number][] = [];
  const frames: number[] = [];
  const seen = new Set<number>();
  const sources: [string, readonly unknown[]][] = [
    ['subset', list(instance.subset)],
    ['frameNumber', list(instance.frameNumber)],
    ['frameList', list(instance.frameList).flatMap((v) => (typeof v === 'string' ? v.split(/[\s,\\]+/).filter((s) => s !== '') : [v]))],
  ];
  for (const [key, values] of sources) {
    values.forEach((v, k) => {
      const f = isRecord(v) ? undefined : toFrame(v);
      if (f === undefined) problems.push({ message: `frame number ${preview(v)} is not a positive integer`, path: `${path}.${key}[${k}]` });
      else if (!seen.has(f)) {
        seen.add(f);
        frames.push(f);
      }
    });
  }
  return { frames, problems };
}
