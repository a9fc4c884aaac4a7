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
  options: { readonly maxPages?: number; readonly onPage?: (resources: FhirResource[]) => void } = {},
): Promise<FhirResource[]> {
  const live = (list: readonly FhirResource[]) => list.filter((r) => r.resourceType === 'ImagingSelection' && r.status !== 'entered-in-error');
  const result = await client.searchAll(
    'ImagingSelection',
    { 'study-uid': studyUid, 'status:not': 'entered-in-error', _count: '200' },
    { maxPages: options.maxPages, onPage: options.onPage && ((page) => options.onPage!(live(page))) },
  );
  return live(result.resources);
}
