import fs from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import type { FaultCounts } from './faults';

/** One line of the README's Reliability figures (stack/reliability-report.mjs renders them). */
export interface FigureRecord {
  kind: 'chaos' | 'outage' | 'bad-input' | 'workflow';
  title: string;
  passed: boolean;
  durationMs?: number;
  seed?: number;
  drawn?: number;
  stored?: number;
  lost?: number;
  duplicated?: number;
  corrupted?: number;
  faults?: Partial<Record<'fhir' | 'orthanc', Partial<FaultCounts>>>;
  note?: string;
}

/**
 * `node stack/cli.mjs e2e` sets RELIABILITY_FIGURES (outside test-results/, which any other
 * Playwright run in the same checkout empties) and copies it to test-results/reliability.json
 * afterwards; a bare `npx playwright test` writes test-results/reliability.json directly.
 */
export function figuresFile(): string {
  return process.env.RELIABILITY_FIGURES ?? path.join(test.info().project.outputDir, 'reliability.json');
}

export function recordFigure(record: FigureRecord): void {
  const file = figuresFile();
  let all: FigureRecord[] = [];
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as FigureRecord[];
  } catch {
    /* first record of this run */
  }
  all.push(record);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all, null, 2));
}
