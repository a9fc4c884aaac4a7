import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface SampleInstance {
  sopInstanceUid: string;
  sopClassUid: string;
  rows: number;
  columns: number;
  frames: number;
  transferSyntaxUid: string;
  instanceNumber: number;
  /** Path of the generated file, relative to the manifest's folder. */
  file: string;
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

export const MANIFEST_PATH = process.env.SAMPLES_MANIFEST ?? '.stack-data/samples/manifest.json';

/** The generated DICOM file of an instance, by SOP Instance UID. */
export function sampleFile(sopInstanceUid: string): string {
  for (const s of samples()) {
    for (const se of s.series) {
      const inst = se.instances.find((i) => i.sopInstanceUid === sopInstanceUid);
      if (inst) return path.join(path.dirname(MANIFEST_PATH), inst.file);
    }
  }
  throw new Error(`No sample file for ${sopInstanceUid}`);
}

/** The manifest written by the sample generator (stack/samples); the e2e runner passes its path. */
export function samples(): SampleStudy[] {
  cached ??= JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as SampleStudy[];
  return cached;
}

export function sample(key: string): SampleStudy {
  const s = samples().find((x) => x.key === key);
  if (!s) throw new Error(`No sample "${key}" in the manifest`);
  return s;
}
