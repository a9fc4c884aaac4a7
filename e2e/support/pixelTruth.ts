import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleFile } from './samples';

export interface TruthStats {
  count: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Debian's python3 has pydicom and numpy (another python3 on PATH may not). */
const PYTHON = process.env.TRUTH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pixel_truth.py');

function run(request: object): Record<string, number> {
  return JSON.parse(execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8' })) as Record<string, number>;
}

/** Modality-value statistics of a stored circle, computed by pydicom/numpy from the sample file. */
export function circleTruth(sopInstanceUid: string, frame: number, coordinate: number[]): TruthStats {
  return run({ file: sampleFile(sopInstanceUid), frame, kind: 'circle', coordinate }) as unknown as TruthStats;
}

/** The modality value of the pixel under a TLHC point. */
export function pointTruth(sopInstanceUid: string, frame: number, coordinate: number[]): number {
  return run({ file: sampleFile(sopInstanceUid), frame, kind: 'point', coordinate }).value!;
}
