import type { FhirClient } from './FhirClient';
import type { FhirResource } from './fhirTypes';
import type { SelectionIdentifier } from './selectionSave';

/**
 * Every stored resource of a type carrying this identifier, read fresh
 * (no cached search): what a conditional create on it matched, when the
 * create came back as a conflict (two matches) or as a match (200).
 */
export async function findByIdentifier(client: FhirClient, type: string, identifier: SelectionIdentifier): Promise<FhirResource[]> {
  const { resources } = await client.searchAll(type, { identifier: `${identifier.system}|${identifier.value}` }, { maxPages: 5 });
  return resources;
}
