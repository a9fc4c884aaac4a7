import type { FhirReference } from '../imaging-selection/SelectionContext';
import type { CodeableConcept, Identifier } from '../imaging-selection/ImagingSelection';
import { DCM_SYSTEM, DICOM_UID_SYSTEM, IG_CANONICAL } from '../imaging-selection/ImagingSelection';

export const MEASUREMENT_GROUP_PROFILE = `${IG_CANONICAL}/imaging-measurement-group`;
export const MEASUREMENT_PROFILE = `${IG_CANONICAL}/imaging-measurement`;
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const MEASUREMENT_GROUP = { system: DCM_SYSTEM, code: '125007', display: 'Measurement Group' } as const;
/** TID 1410 "Finding category": the findings offered are morphologic abnormalities (CID 7151). */
export const MORPHOLOGIC_FINDING_CATEGORY = { system: 'http://snomed.info/sct', code: '49755003', display: 'Morphologically abnormal structure' } as const;
export const OBSERVATION_UID_TYPE = {
  system: 'http://hl7.org/fhir/uv/dicom-sr/CodeSystem/dicom-identifier-type',
  code: 'observation-uid',
  display: 'Observation UID',
} as const;

export type ObservationStatus = 'final' | 'entered-in-error';

export interface Quantity {
  readonly value: number;
  readonly unit: string;
  readonly system: string;
  readonly code: string;
}

/** The R5 Observation members the IG's imaging-observation profiles use, in FHIR element order. */
export interface ImagingObservation {
  readonly resourceType: 'Observation';
  readonly id?: string;
  readonly meta?: { readonly profile: readonly string[] };
  readonly identifier: readonly Identifier[];
  readonly basedOn?: readonly FhirReference[];
  readonly partOf: readonly FhirReference[];
  readonly status: ObservationStatus;
  readonly category?: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly subject: FhirReference;
  readonly issued: string;
  readonly performer?: readonly FhirReference[];
  readonly valueQuantity?: Quantity;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly note?: readonly { readonly text: string }[];
  readonly device: FhirReference;
  readonly hasMember?: readonly FhirReference[];
  readonly derivedFrom: readonly FhirReference[];
}

export function observationUidIdentifier(uid: string): Identifier {
  return { type: { coding: [{ ...OBSERVATION_UID_TYPE }] }, system: DICOM_UID_SYSTEM, value: `urn:oid:${uid}` };
}
