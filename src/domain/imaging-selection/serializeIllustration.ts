import type { FhirReference } from './SelectionContext';
import { ILLUSTRATION_OF_ROI, ILLUSTRATION_OF_ROI_PROFILE, URI_SYSTEM, type ImagingSelection } from './ImagingSelection';
import { imagingStudyRef, serviceRequestRef } from './serializeSelection';

/** SOP Class UID of Secondary Capture Image Storage: what a key image is stored as. */
export const SECONDARY_CAPTURE_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';

/** One stored key image and the study facts the selection repeats. */
export interface IllustrationInput {
  /** Becomes the `urn:uuid:` identifier: the same key image always gives the same identifier. */
  readonly id: string;
  readonly subject: FhirReference;
  readonly studyUid: string;
  readonly imagingStudyId?: string;
  readonly accessionNumber?: string;
  readonly seriesUid: string;
  readonly seriesNumber?: number;
  readonly sopInstanceUid: string;
  readonly instanceNumber?: number;
  readonly sopClassUid?: string;
  readonly performer?: FhirReference;
  readonly issued: string;
}

/**
 * A key image as the IG's `illustration-of-roi` ImagingSelection: code DCM
 * 121200, the base profile's subject / imagingStudyRef / serviceRequestRef,
 * and the image instance, with no geometry (the image itself shows the ROI).
 * Measurement groups point to it through derivedFrom[illustrationOfRoi].
 * Key order is fixed, so the same input gives the same bytes.
 */
export function serializeIllustration(k: IllustrationInput): ImagingSelection {
  const resource: ImagingSelection = {
    resourceType: 'ImagingSelection',
    meta: { profile: [ILLUSTRATION_OF_ROI_PROFILE] },
    identifier: [{ system: URI_SYSTEM, value: `urn:uuid:${k.id}` }],
    status: 'available',
    subject: { reference: k.subject.reference, type: 'Patient', identifier: k.subject.identifier, display: k.subject.display },
    issued: k.issued,
    performer: k.performer ? [{ actor: { reference: k.performer.reference, display: k.performer.display } }] : undefined,
    basedOn: serviceRequestRef(k.accessionNumber),
    code: { coding: [{ ...ILLUSTRATION_OF_ROI }] },
    studyUid: k.studyUid,
    derivedFrom: [imagingStudyRef(k.studyUid, k.imagingStudyId)],
    seriesUid: k.seriesUid,
    seriesNumber: k.seriesNumber,
    instance: [{ uid: k.sopInstanceUid, number: k.instanceNumber, sopClass: { system: URI_SYSTEM, code: `urn:oid:${k.sopClassUid ?? SECONDARY_CAPTURE_SOP_CLASS}` } }],
  };
  return JSON.parse(JSON.stringify(resource)) as ImagingSelection;
}
