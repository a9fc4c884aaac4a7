import { qidoPatientId, qidoPatientName } from '../../domain/study/studySearch';
import type { StudyQuery } from '../../domain/study/StudyQuery';
import { DicomWebError } from './DicomWebError';
import { naturalize, type DicomJson } from './dicomJson';
import { parseSeries, parseStudies } from './parseQido';
import { parseInstance, type InstanceProblem } from './parseInstance';
import { dropForeignBulkData, inlinePaletteLuts, multipartFirstBody } from './bulkData';
import { isDicomUid } from '../../domain/uid/dicomUid';
import type { InstanceMeta, SeriesSummary, StudySummary } from './models';

export interface DicomWebClientOptions {
  readonly qidoRoot: string;
  readonly wadoRoot: string;
  readonly fetch: typeof fetch;
  readonly getAuthHeader?: () => string | undefined;
}

export interface SeriesMetadata {
  readonly instances: InstanceMeta[];
  /** The raw DICOM JSON per SOP Instance UID, for Cornerstone's loader. */
  readonly raw: Map<string, DicomJson>;
  readonly problems: InstanceProblem[];
}

export type { StudyQuery } from '../../domain/study/StudyQuery';

const STUDY_FIELDS = ['00081030', '00080061', '00201206', '00201208', '00080050'];

/** Every UID is checked before it becomes part of a URL; the value itself is never echoed. */
function checkUids(uids: Record<string, string>): void {
  for (const [what, uid] of Object.entries(uids)) {
    if (!isDicomUid(uid)) throw new DicomWebError('invalid-uid', `The ${what} UID is not a valid DICOM UID, so it was not requested`);
  }
}

function toDicomDate(iso: string | undefined): string {
  return iso ? iso.replace(/-/g, '') : '';
}

/** QIDO-RS and WADO-RS metadata. Frames themselves are fetched by Cornerstone's loader. */
export function createDicomWebClient(opts: DicomWebClientOptions) {
  /** One GET to the archive, with the user's credentials; a network failure becomes the archive's error. */
  async function get(url: string, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept };
    const auth = opts.getAuthHeader?.();
    if (auth) headers.Authorization = auth;
    try {
      return await opts.fetch(url, { headers });
    } catch (e) {
      throw new DicomWebError('network', `The image archive could not be reached (${(e as Error).message})`);
    }
  }

  async function getJson(url: string, accept = 'application/dicom+json'): Promise<unknown> {
    const res = await get(url, accept);
    if (res.status === 204) return [];
    if (res.status === 404) throw new DicomWebError('not-found', 'Not found on the image archive', 404);
    if (res.status === 401 || res.status === 403) throw new DicomWebError('unauthorized', 'The image archive refused access', res.status);
    if (!res.ok) throw new DicomWebError('http', `The image archive answered ${res.status} ${res.statusText}`.trim(), res.status);
    const text = await res.text();
    if (text.trim() === '') return [];
    try {
      return JSON.parse(text);
    } catch {
      throw new DicomWebError('invalid-response', 'The image archive sent a response that is not DICOM JSON', res.status);
    }
  }

  async function getBytes(url: string, accept = 'multipart/related; type="application/octet-stream"'): Promise<{ bytes: Uint8Array; contentType: string }> {
    const res = await get(url, accept);
    if (res.status === 401 || res.status === 403) throw new DicomWebError('unauthorized', 'The image archive refused access', res.status);
    if (!res.ok) throw new DicomWebError('http', `Bulk data answered ${res.status}`, res.status);
    return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
  }

  async function fetchSeriesMetadata(studyUid: string, seriesUid: string): Promise<SeriesMetadata> {
    checkUids({ study: studyUid, series: seriesUid });
    const json = await getJson(`${opts.wadoRoot}/studies/${studyUid}/series/${seriesUid}/metadata`);
    const instances: InstanceMeta[] = [];
    const raw = new Map<string, DicomJson>();
    const problems: InstanceProblem[] = [];
    let refused = 0;
    const datasets = (Array.isArray(json) ? (json as DicomJson[]) : []).map((ds) => {
      const checked = dropForeignBulkData(ds, opts.wadoRoot);
      refused += checked.refused;
      return checked.ds;
    });
    if (refused) problems.push({ message: `${refused} bulk data link(s) pointed away from the image archive and were not followed` });
    const list = await Promise.all(
      datasets.map((ds) =>
        inlinePaletteLuts(ds, getBytes).catch((e: Error) => {
          problems.push({ message: `Palette colour table could not be read: ${e.message}` });
          return ds;
        }),
      ),
    );
    for (const ds of list) {
      const { instance, problem } = parseInstance(ds);
      if (problem) problems.push(problem);
      if (instance) {
        instances.push(instance);
        raw.set(instance.sopInstanceUid, ds);
      }
    }
    return { instances, raw, problems };
  }

  const seriesCache = new Map<string, Promise<SeriesMetadata>>();

  return {
    async searchStudies(q: StudyQuery): Promise<StudySummary[]> {
      const p = new URLSearchParams();
      const name = q.patientName && qidoPatientName(q.patientName);
      const id = q.patientId && qidoPatientId(q.patientId);
      if (name) p.set('PatientName', name);
      if (id) p.set('PatientID', id);
      if (q.accessionNumber) p.set('AccessionNumber', q.accessionNumber);
      if (q.dateFrom || q.dateTo) p.set('StudyDate', `${toDicomDate(q.dateFrom)}-${toDicomDate(q.dateTo)}`);
      if (q.modality) p.set('ModalitiesInStudy', q.modality);
      for (const f of STUDY_FIELDS) p.append('includefield', f);
      p.set('limit', String(q.limit ?? 25));
      p.set('offset', String(q.offset ?? 0));
      return parseStudies(await getJson(`${opts.qidoRoot}/studies?${p}`));
    },

    async getStudy(studyUid: string): Promise<StudySummary | undefined> {
      checkUids({ study: studyUid });
      const p = new URLSearchParams({ StudyInstanceUID: studyUid });
      for (const f of STUDY_FIELDS) p.append('includefield', f);
      return parseStudies(await getJson(`${opts.qidoRoot}/studies?${p}`))[0];
    },

    async searchSeries(studyUid: string): Promise<SeriesSummary[]> {
      checkUids({ study: studyUid });
      const p = new URLSearchParams();
      for (const f of ['0008103E', '00200011', '00201209']) p.append('includefield', f);
      return parseSeries(await getJson(`${opts.qidoRoot}/studies/${studyUid}/series?${p}`));
    },

    /** Series metadata, fetched once per series (memoised; a failure is forgotten so a retry refetches). */
    getSeriesMetadata(studyUid: string, seriesUid: string): Promise<SeriesMetadata> {
      const key = `${studyUid}/${seriesUid}`;
      let p = seriesCache.get(key);
      if (!p) {
        p = fetchSeriesMetadata(studyUid, seriesUid);
        seriesCache.set(key, p);
        p.catch(() => seriesCache.delete(key));
      }
      return p;
    },


    /** A series' instances as keyword-named datasets (WADO-RS metadata). Not memoised: an SR series gains instances on every export. */
    async getSeriesDatasets(studyUid: string, seriesUid: string): Promise<Record<string, unknown>[]> {
      checkUids({ study: studyUid, series: seriesUid });
      const json = await getJson(`${opts.wadoRoot}/studies/${studyUid}/series/${seriesUid}/metadata`);
      return (Array.isArray(json) ? (json as DicomJson[]) : []).map((ds) => naturalize(dropForeignBulkData(ds, opts.wadoRoot).ds));
    },

    /**
     * One whole instance as a DICOM Part 10 file in its stored transfer syntax (the SEG, whose frames
     * are read here rather than by Cornerstone's image loader, and an SR).
     */
    async retrieveInstance(studyUid: string, seriesUid: string, sopInstanceUid: string): Promise<Uint8Array> {
      checkUids({ study: studyUid, series: seriesUid, instance: sopInstanceUid });
      const headers: Record<string, string> = { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' };
      const auth = opts.getAuthHeader?.();
      if (auth) headers.Authorization = auth;
      let res: Response;
      try {
        res = await opts.fetch(`${opts.wadoRoot}/studies/${studyUid}/series/${seriesUid}/instances/${sopInstanceUid}`, { headers });
      } catch (e) {
        throw new DicomWebError('network', `The image archive could not be reached (${(e as Error).message})`);
      }
      if (res.status === 404) throw new DicomWebError('not-found', 'The instance is not on the image archive', 404);
      if (res.status === 401 || res.status === 403) throw new DicomWebError('unauthorized', 'The image archive refused access', res.status);
      if (!res.ok) throw new DicomWebError('http', `The image archive answered ${res.status} ${res.statusText}`.trim(), res.status);
      return multipartFirstBody(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type') ?? '');
    },

    /** Drops a series' memoised metadata: instances were added to it (a key image stored here). */
    forgetSeries(studyUid: string, seriesUid: string): void {
      seriesCache.delete(`${studyUid}/${seriesUid}`);
    },

    /** Every instance of the study with its size, to check that saved selections point at real images. */
    async getStudyIndex(studyUid: string): Promise<Map<string, { rows: number; columns: number; frames: number; seriesUid: string; sopClassUid: string }>> {
      checkUids({ study: studyUid });
      const p = new URLSearchParams();
      for (const f of ['00280010', '00280011', '00280008', '0020000E', '00080016']) p.append('includefield', f);
      const json = await getJson(`${opts.qidoRoot}/studies/${studyUid}/instances?${p}`);
      const index = new Map<string, { rows: number; columns: number; frames: number; seriesUid: string; sopClassUid: string }>();
      for (const ds of Array.isArray(json) ? (json as DicomJson[]) : []) {
        const v = (tag: string) => ds[tag]?.Value?.[0];
        const sop = v('00080018');
        if (typeof sop !== 'string') continue;
        index.set(sop, {
          rows: Number(v('00280010') ?? 0),
          columns: Number(v('00280011') ?? 0),
          frames: Math.max(1, Number(v('00280008') ?? 1) || 1),
          seriesUid: String(v('0020000E') ?? ''),
          sopClassUid: String(v('00080016') ?? ''),
        });
      }
      return index;
    },

  };
}

export type DicomWebClient = ReturnType<typeof createDicomWebClient>;
