import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

/** One instance as stored, fetched back through the viewer's DICOMweb proxy (WADO-RS retrieve instance). */
export async function fetchInstance(request: APIRequestContext, studyUid: string, seriesUid: string, sopInstanceUid: string): Promise<Buffer> {
  const res = await request.get(`/dicom-web/studies/${studyUid}/series/${seriesUid}/instances/${sopInstanceUid}`, { headers: { Accept: 'multipart/related; type="application/dicom"' } });
  if (!res.ok()) throw new Error(`WADO-RS instance ${sopInstanceUid}: ${res.status()}`);
  const body = await res.body();
  const boundary = /boundary="?([^";]+)"?/i.exec(res.headers()['content-type'] ?? '')?.[1];
  if (!boundary) return body;
  const start = body.indexOf(`--${boundary}`);
  const bodyStart = body.indexOf('\r\n\r\n', start) + 4;
  const end = body.indexOf(`\r\n--${boundary}`, bodyStart);
  return body.subarray(bodyStart, end < 0 ? body.length : end);
}

export function saveForTools(bytes: Buffer, name: string): string {
  const dir = path.join('test-results', 'sr');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** dciodvfy (dicom3tools): the IOD and module check. Returns its "Error" lines (warnings are allowed). */
export function dciodvfyErrors(file: string): { errors: string[]; output: string } {
  const r = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  return { errors: output.split('\n').filter((l) => /^Error/.test(l)), output };
}

/** dsrdump (dcmtk): reads the SR tree; exit status and its E:/F: log lines. */
export function dsrdump(file: string): { status: number | null; errors: string[]; output: string } {
  const r = spawnSync('dsrdump', [file], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  return { status: r.status, errors: output.split('\n').filter((l) => /^(E|F):/.test(l)), output };
}

export const toolVersions = () => execFileSync('dsrdump', ['--version'], { encoding: 'utf8' }).split('\n')[0];
