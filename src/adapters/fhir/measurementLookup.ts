import type { FhirClient } from './FhirClient';
import type { FhirResource } from './fhirTypes';

const MEASUREMENT_GROUP = 'http://dicom.nema.org/resources/ontology/DCM|125007';
/** Selection ids per request: keeps the query string well under common URL limits. */
const CHUNK = 40;

/**
 * The IG measurement groups derived from the given selections, with their
 * measurements (`_include=Observation:has-member`): how any system finds an
 * ROI's figures. Withdrawn ones are left to the parser to skip.
 */
export async function loadMeasurements(client: FhirClient, selectionIds: readonly string[]): Promise<FhirResource[]> {
  const out: FhirResource[] = [];
  for (let i = 0; i < selectionIds.length; i += CHUNK) {
    const ids = selectionIds.slice(i, i + CHUNK).map((id) => `ImagingSelection/${id}`);
    const { resources } = await client.searchAll('Observation', {
      'derived-from': ids.join(','),
      category: MEASUREMENT_GROUP,
      _include: 'Observation:has-member',
      _count: '200',
    });
    out.push(...resources);
  }
  return out;
}
