import { readFileSync } from 'node:fs';

/** Stores a DICOM file in the test profile's Orthanc through its REST API (as the stack's seeding does). */
export async function uploadToOrthanc(file: string): Promise<void> {
  const url = process.env.ORTHANC_URL ?? 'http://127.0.0.1:18042';
  const credFile = process.env.ORTHANC_CREDENTIALS_FILE;
  const auth = credFile ? `Basic ${Buffer.from(readFileSync(credFile, 'utf8').trim()).toString('base64')}` : undefined;
  const res = await fetch(`${url}/instances`, { method: 'POST', body: readFileSync(file), headers: { 'Content-Type': 'application/dicom', ...(auth ? { Authorization: auth } : {}) } });
  if (!res.ok) throw new Error(`Orthanc refused ${file}: ${res.status} ${await res.text()}`);
}

/** Removes a series from the test Orthanc again (found by its Series Instance UID). */
export async function deleteSeriesFromOrthanc(seriesUid: string): Promise<void> {
  const url = process.env.ORTHANC_URL ?? 'http://127.0.0.1:18042';
  const credFile = process.env.ORTHANC_CREDENTIALS_FILE;
  const headers: Record<string, string> = credFile ? { Authorization: `Basic ${Buffer.from(readFileSync(credFile, 'utf8').trim()).toString('base64')}` } : {};
  const found = (await (await fetch(`${url}/tools/lookup`, { method: 'POST', body: seriesUid, headers })).json()) as Array<{ ID: string; Type: string }>;
  for (const f of found.filter((x) => x.Type === 'Series')) await fetch(`${url}/series/${f.ID}`, { method: 'DELETE', headers });
}
