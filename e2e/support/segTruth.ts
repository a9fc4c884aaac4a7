import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stack's PyPI venv (stack/lib/pyenv.mjs) has highdicom, which wrote the SEG sample. */
const PYTHON = process.env.SEG_TRUTH_PYTHON ?? '.stack-data/pyenv/bin/python';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seg_truth.py');

function run<T>(request: object): T {
  return JSON.parse(execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 16 << 20 })) as T;
}

/** Segment number of every pixel in one row of a source image, as highdicom reads the SEG. */
export function segRowTruth(segFile: string, sourceSop: string, row: number): number[] {
  return run<{ labels: number[] }>({ seg: segFile, sources: [], request: 'row', sop: sourceSop, row }).labels;
}

/** Voxel count, volume (mm³) and mean HU of one segment, by highdicom + pydicom from the files. */
export function segStatsTruth(segFile: string, sourceFiles: readonly string[], segment: number): { voxels: number; volumeMm3: number; mean: number } {
  return run({ seg: segFile, sources: sourceFiles, request: 'stats', segment });
}

export interface BadSeg {
  file: string;
  seriesUid: string;
  sopUid: string;
  description: string;
}

/** SEG variants for the bad-input test (e2e/support/seg_bad.py), written into `outDir`. */
export function badSegs(segFile: string, outDir: string): Record<'other-frame-of-reference' | 'foreign-source' | 'corrupt-pixels' | 'huge', BadSeg> {
  return JSON.parse(execFileSync(PYTHON, [path.join(path.dirname(SCRIPT), 'seg_bad.py')], { input: JSON.stringify({ seg: segFile, out: outDir }), encoding: 'utf8' }));
}
