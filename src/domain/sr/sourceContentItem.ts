import type { SelectionContext } from '../imaging-selection/SelectionContext';
import type { ImagingSelection } from '../imaging-selection/ImagingSelection';
import { URI_SYSTEM } from '../imaging-selection/ImagingSelection';
import { imagingStudyRef, serviceRequestRef } from '../imaging-selection/serializeSelection';
import { deriveRoiId } from '../imaging-selection/deriveRoiId';

/** Where an adopted ROI came from: one content item (measurement group) of a stored SR. */
export interface SrContentRef {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  /** Observation UID (0040,A171) of the group, else its Tracking Unique Identifier. */
  readonly observationUid: string;
}

export const ORIGINAL_SOURCE = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '111040', display: 'Original Source' } as const;

/** The same SR content item always gives the same resource identity, so adopting it twice writes it once. */
export const sourceItemUuid = (ref: SrContentRef) => deriveRoiId('sr-source-content-item', ref.sopInstanceUid, ref.observationUid);

/**
 * The IG's source-sr-content-item ImagingSelection (ImagingSelection-SourceSRContentItem.fsh):
 * code DCM 111040 "Original Source", the SR's series, and one instance whose
 * `subset` is the content item's Observation UID. An adopted region's
 * image-region-2d selection points at it with focus[sourceSRContentItem].
 * Written without the profile claim: the FHIR server validates against the
 * profiles it has loaded, and this one is not among them.
 */
export function sourceSrContentItem(ref: SrContentRef, ctx: Pick<SelectionContext, 'subject' | 'imagingStudyId' | 'accessionNumber' | 'issued'>): { readonly uuid: string; readonly resource: ImagingSelection } {
  const uuid = sourceItemUuid(ref);
  const resource: ImagingSelection = {
    resourceType: 'ImagingSelection',
    identifier: [{ system: URI_SYSTEM, value: `urn:uuid:${uuid}` }],
    status: 'available',
    subject: { reference: ctx.subject.reference, type: 'Patient', identifier: ctx.subject.identifier, display: ctx.subject.display },
    issued: ctx.issued,
    basedOn: serviceRequestRef(ctx.accessionNumber),
    code: { coding: [{ ...ORIGINAL_SOURCE }] },
    studyUid: ref.studyUid,
    derivedFrom: [imagingStudyRef(ref.studyUid, ctx.imagingStudyId)],
    seriesUid: ref.seriesUid,
    instance: [{ uid: ref.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${ref.sopClassUid}` }, subset: [ref.observationUid] }],
  };
  return { uuid, resource: JSON.parse(JSON.stringify(resource)) as ImagingSelection };
}
