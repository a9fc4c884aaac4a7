import type { Roi } from '../roi/Roi';
import type { FhirReference, SelectionContext } from './SelectionContext';
import {
  ACCESSION_TYPE,
  DICOM_UID_SYSTEM,
  IMAGE_REGION,
  IMAGE_REGION_2D_PROFILE,
  STUDY_INSTANCE_UID_TYPE,
  URI_SYSTEM,
  type CodeableConcept,
  type ImageRegion2D,
  type ImagingSelection,
  type ImagingSelectionInstance,
  type WritableStatus,
} from './ImagingSelection';
import { buildNarrative } from './buildNarrative';
import { pointToRegion } from './regions/point';
import { polylineToRegion } from './regions/polyline';
import { interpolatedToRegion } from './regions/interpolated';
import { circleToRegion } from './regions/circle';
import { ellipseToRegion } from './regions/ellipse';
import { multipointToRegions } from './regions/multipoint';
import { compact } from '../json/compact';

export interface SerializeOptions {
  /** `entered-in-error` marks a deleted ROI (FHIR has no soft delete otherwise). */
  readonly status?: WritableStatus;
  /** Server id, written as `id` for an update (PUT). */
  readonly resourceId?: string;
  /** Reference to the source-sr-content-item selection of a region adopted from an SR. */
  readonly focus?: string;
}

export function regionsOf(roi: Roi): ImageRegion2D[] {
  switch (roi.kind) {
    case 'point':
      return [pointToRegion(roi)];
    case 'polyline':
      return [polylineToRegion(roi)];
    case 'interpolated':
      return [interpolatedToRegion(roi)];
    case 'circle':
      return [circleToRegion(roi)];
    case 'ellipse':
      return [ellipseToRegion(roi)];
    case 'multipoint':
      return multipointToRegions(roi);
  }
}

/** Reference members in FHIR element order, whatever order the caller used. */
function reference(ref: FhirReference, type?: string): FhirReference {
  return { reference: ref.reference, type: type ?? ref.type, identifier: ref.identifier, display: ref.display };
}

function categoryOf(roi: Roi): CodeableConcept[] | undefined {
  const text = roi.label === '' ? undefined : roi.label;
  if (!roi.finding && text === undefined) return undefined;
  const coding = roi.finding ? [{ system: roi.finding.system, code: roi.finding.code, display: roi.finding.display }] : undefined;
  return [{ coding, text }];
}

/** The IG's derivedFrom[imagingStudyRef] (also Observation.partOf[imagingStudyRef]). */
export function imagingStudyRef(studyUid: string, imagingStudyId: string | undefined): FhirReference {
  return {
    reference: imagingStudyId !== undefined ? `ImagingStudy/${imagingStudyId}` : undefined,
    type: 'ImagingStudy',
    identifier: {
      type: { coding: [{ ...STUDY_INSTANCE_UID_TYPE }] },
      system: DICOM_UID_SYSTEM,
      value: `urn:oid:${studyUid}`,
    },
  };
}

/** The IG's basedOn[serviceRequestRef]: the accession number, when the study has one. */
export function serviceRequestRef(accessionNumber: string | undefined): FhirReference[] | undefined {
  if (accessionNumber === undefined || accessionNumber.trim() === '') return undefined;
  return [{ type: 'ServiceRequest', identifier: { type: { coding: [{ ...ACCESSION_TYPE }] }, value: accessionNumber } }];
}

const isImageRegion = (c: { system?: string; code?: string }) => c.system === IMAGE_REGION.system && c.code === IMAGE_REGION.code;

/**
 * One ROI as one R5 ImagingSelection following the IG profile `image-region-2d`
 * (code DCM 111030; a deployment that overrides the code gets no profile
 * claim). Image UIDs come from the ROI (so a reload gives the same ROI);
 * everything else from the context. Key order is fixed: the output is
 * byte-stable for the same input.
 */
export function serializeSelection(roi: Roi, ctx: SelectionContext, opts: SerializeOptions = {}): ImagingSelection {
  const status = opts.status ?? 'available';
  const coding = ctx.code ? { system: ctx.code.system, code: ctx.code.code, display: ctx.code.display } : { ...IMAGE_REGION };
  const frame = roi.image.frameNumber;
  const base = {
    uid: roi.image.sopInstanceUid,
    number: ctx.instance.instanceNumber,
    sopClass: { system: URI_SYSTEM, code: `urn:oid:${roi.image.sopClassUid}` },
    // Only multi-frame ROIs carry a frame; a single-frame image has no subset.
    subset: frame !== undefined ? [String(frame)] : undefined,
  };
  // image-region-2d allows one region per instance entry: several regions
  // (multipoint read from an R6 system) become several entries of one image.
  const instance: ImagingSelectionInstance[] = regionsOf(roi).map((region) => ({ ...base, imageRegion2D: [region] }));
  const resource: ImagingSelection = {
    resourceType: 'ImagingSelection',
    id: opts.resourceId,
    meta: isImageRegion(coding) ? { profile: [IMAGE_REGION_2D_PROFILE] } : undefined,
    text: { status: 'generated', div: buildNarrative(roi, ctx, status) },
    identifier: [{ system: URI_SYSTEM, value: `urn:uuid:${roi.id}` }],
    status,
    subject: reference(ctx.subject, 'Patient'),
    issued: ctx.issued,
    performer: ctx.performer ? [{ actor: reference(ctx.performer) }] : undefined,
    basedOn: serviceRequestRef(ctx.accessionNumber),
    category: categoryOf(roi),
    code: { coding: [coding] },
    studyUid: roi.image.studyUid,
    derivedFrom: [imagingStudyRef(roi.image.studyUid, ctx.imagingStudyId)],
    focus: opts.focus ? [{ reference: opts.focus }] : undefined,
    seriesUid: roi.image.seriesUid,
    seriesNumber: ctx.seriesNumber,
    frameOfReferenceUid: ctx.frameOfReferenceUid,
    instance,
  };
  return compact(resource);
}
