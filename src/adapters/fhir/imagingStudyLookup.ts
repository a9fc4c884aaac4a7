import type { FhirClient } from './FhirClient';
import type { FhirResource, Reference } from './fhirTypes';
import { isObject } from './fhirTypes';

export interface ImagingStudyMatch {
  readonly id: string;
  readonly subject?: Reference;
}

/** The server's ImagingStudy for a DICOM Study Instance UID, if it has one. */
export async function findImagingStudy(client: FhirClient, studyUid: string): Promise<ImagingStudyMatch | undefined> {
  const bundle = await client.search('ImagingStudy', { identifier: `urn:dicom:uid|urn:oid:${studyUid}` });
  const study = bundle.entry?.map((e) => e.resource).find((r) => r?.resourceType === 'ImagingStudy' && typeof r.id === 'string');
  if (!study?.id) return undefined;
  return isObject(study.subject) ? { id: study.id, subject: study.subject as Reference } : { id: study.id };
}

/**
 * Every live ImagingSelection of a study, as raw resources for the domain
 * parser. Withdrawn ones are asked to be left out by the server AND filtered
 * here, because `:not` on tokens is not supported everywhere. At 200 per
 * page the default page limit allows 20,000 selections per study.
 */
export async function loadSelections(
  client: FhirClient,
  studyUid: string,
  options: {
    readonly maxPages?: number;
    readonly onPage?: (resources: FhirResource[]) => void;
    /**
     * For servers without the `study-uid` search parameter: search the
     * patient's selections (a `Patient/id` reference) and keep this study's
     * here. Slower for patients with many studies, which is why it is only
     * the fallback.
     */
    readonly byPatient?: string;
  } = {},
): Promise<FhirResource[]> {
  const live = (list: readonly FhirResource[]) =>
    list.filter((r) => r.resourceType === 'ImagingSelection' && r.status !== 'entered-in-error' && (!options.byPatient || r.studyUid === studyUid));
  const params: Record<string, string> = options.byPatient ? { patient: options.byPatient } : { 'study-uid': studyUid };
  Object.assign(params, { 'status:not': 'entered-in-error', _count: '200' });
  const result = await client.searchAll('ImagingSelection', params, {
    maxPages: options.maxPages,
    onPage: options.onPage && ((page) => options.onPage!(live(page))),
  });
  return live(result.resources);
}
