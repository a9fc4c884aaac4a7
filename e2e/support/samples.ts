import { readFileSync } from 'node:fs';

export interface SampleInstance {
  sopInstanceUid: string;
  sopClassUid: string;
  rows: number;
  columns: number;
  frames: number;
  transferSyntaxUid: string;
  instanceNumber: number;
}
export interface SampleSeries {
  seriesUid: string;
  modality: string;
  description: string;
  isImage: boolean;
  instances: SampleInstance[];
}
export interface SampleStudy {
  key: string;
  studyUid: string;
  patientId: string;
  patientName: string;
  description: string;
  hasImagingStudy: boolean;
  series: SampleSeries[];
}

let cached: SampleStudy[] | undefined;

/** The manifest written by the sample generator (stack/samples); the e2e runner passes its path. */
export function samples(): SampleStudy[] {
  cached ??= JSON.parse(readFileSync(process.env.SAMPLES_MANIFEST ?? '.stack-data/samples/manifest.json', 'utf8')) as SampleStudy[];
  return cached;
}

export function sample(key: string): SampleStudy {
  const s = samples().find((x) => x.key === key);
  if (!s) throw new Error(`No sample "${key}" in the manifest`);
  return s;
}
