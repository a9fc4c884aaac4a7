import { readFileSync } from 'node:fs';

/** Orthanc itself (REST and DICOMweb), with the credentials only the stack holds. */
export const ORTHANC_URL = process.env.ORTHANC_URL ?? 'http://127.0.0.1:18042';
const AUTH = (() => {
  const file = process.env.ORTHANC_CREDENTIALS_FILE;
  return file ? `Basic ${Buffer.from(readFileSync(file, 'utf8').trim()).toString('base64')}` : '';
})();

export async function orthanc(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${ORTHANC_URL}${path}`, { ...init, headers: { ...(AUTH ? { Authorization: AUTH } : {}), ...(init.headers as Record<string, string> | undefined) } });
}

type DicomJson = Record<string, { Value?: unknown[] }>;
const v = (ds: DicomJson, tag: string) => ds[tag]?.Value?.[0];

/** The study's series as the archive lists them (QIDO-RS): UID, description and SOP classes of the instances. */
export async function seriesInArchive(studyUid: string): Promise<Array<{ seriesUid: string; description?: string; instances: Array<{ sopInstanceUid: string; sopClassUid: string }> }>> {
  const res = await orthanc(`/dicom-web/studies/${studyUid}/series?includefield=0008103E`);
  const list = (await res.json()) as DicomJson[];
  return Promise.all(
    list.map(async (s) => {
      const seriesUid = String(v(s, '0020000E'));
      const inst = (await (await orthanc(`/dicom-web/studies/${studyUid}/series/${seriesUid}/instances`)).json()) as DicomJson[];
      return {
        seriesUid,
        description: v(s, '0008103E') as string | undefined,
        instances: inst.map((i) => ({ sopInstanceUid: String(v(i, '00080018')), sopClassUid: String(v(i, '00080016')) })),
      };
    }),
  );
}

/** Deletes a series from the archive (test clean-up of what the viewer stored). */
export async function deleteSeries(seriesUid: string): Promise<void> {
  const hits = (await (await orthanc('/tools/lookup', { method: 'POST', body: seriesUid })).json()) as Array<{ ID: string; Type: string }>;
  for (const h of hits) if (h.Type === 'Series') await orthanc(`/series/${h.ID}`, { method: 'DELETE' });
}

/** Removes the "Key images" series earlier runs left in a study. */
export async function deleteKeyImages(studyUid: string): Promise<void> {
  for (const s of await seriesInArchive(studyUid)) if (s.description === 'Key images') await deleteSeries(s.seriesUid);
}

/**
 * A series' slices as the archive describes them (WADO-RS metadata), in
 * Instance Number order: SOP Instance UID and the z of ImagePositionPatient.
 * Tests compute expected positions from this, not from what the viewer shows.
 */
export async function slicePositions(studyUid: string, seriesUid: string): Promise<Array<{ sopInstanceUid: string; z: number }>> {
  const res = await orthanc(`/dicom-web/studies/${studyUid}/series/${seriesUid}/metadata`);
  const list = (await res.json()) as DicomJson[];
  return list
    .map((ds) => ({ n: Number(v(ds, '00200013')), sopInstanceUid: String(v(ds, '00080018')), z: Number((ds['00200032']?.Value ?? [])[2]) }))
    .sort((a, b) => a.n - b.n)
    .map(({ sopInstanceUid, z }) => ({ sopInstanceUid, z }));
}
