import type { Roi } from '../roi/Roi';
import type { FhirReference, SelectionContext } from './SelectionContext';
import {
  DICOM_UID_SYSTEM,
  ILLUSTRATION_OF_ROI,
  STUDY_INSTANCE_UID_TYPE,
  URI_SYSTEM,
  type CodeableConcept,
  type ImageRegion2D,
  type ImagingSelection,
  type WritableStatus,
} from './ImagingSelection';
import { buildNarrative } from './buildNarrative';
import { pointToRegion } from './regions/point';
import { polylineToRegion } from './regions/polyline';
import { interpolatedToRegion } from './regions/interpolated';
import { circleToRegion } from './regions/circle';
import { ellipseToRegion } from './regions/ellipse';
import { multipointToRegions } from './regions/multipoint';

export interface SerializeOptions {
  /** `entered-in-error` marks a deleted ROI (FHIR has no soft delete otherwise). */
  readonly status?: WritableStatus;
  /** Server id, written as `id` for an update (PUT). */
  readonly resourceId?: string;
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

/** Drops undefined members so the JSON has no `undefined` keys and stays byte-stable. */
function compact<T>(value: T): T {
  // Coordinate arrays are numbers only and can be 100,000 long: nothing to strip, no copy.
  if (Array.isArray(value)) return (typeof value[0] === 'number' ? value : value.map(compact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
    return out as T;
  }
  return value;
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

/**
 * One ROI as one R5 ImagingSelection following the IG "Illustration of ROI"
 * profile. Image UIDs come from the ROI (so a reload gives the same ROI);
 * everything else from the context. Key order is fixed: the output is
 * byte-stable for the same input.
 */
export function serializeSelection(roi: Roi, ctx: SelectionContext, opts: SerializeOptions = {}): ImagingSelection {
  const status = opts.status ?? 'available';
  const code = ctx.code
    ? { coding: [{ system: ctx.code.system, code: ctx.code.code, display: ctx.code.display }] }
    : { coding: [{ ...ILLUSTRATION_OF_ROI }] };
  const frame = roi.image.frameNumber;
  const resource: ImagingSelection = {
    resourceType: 'ImagingSelection',
    id: opts.resourceId,
    text: { status: 'generated', div: buildNarrative(roi, ctx, status) },
    identifier: [{ system: URI_SYSTEM, value: `urn:uuid:${roi.id}` }],
    status,
    subject: reference(ctx.subject, 'Patient'),
    issued: ctx.issued,
    performer: ctx.performer ? [{ actor: reference(ctx.performer) }] : undefined,
    category: categoryOf(roi),
    code,
    studyUid: roi.image.studyUid,
    derivedFrom: [
      {
        reference: ctx.imagingStudyId !== undefined ? `ImagingStudy/${ctx.imagingStudyId}` : undefined,
        type: 'ImagingStudy',
        identifier: {
          type: { coding: [{ ...STUDY_INSTANCE_UID_TYPE }] },
          system: DICOM_UID_SYSTEM,
          value: `urn:oid:${roi.image.studyUid}`,
        },
      },
    ],
    seriesUid: roi.image.seriesUid,
    seriesNumber: ctx.seriesNumber,
    frameOfReferenceUid: ctx.frameOfReferenceUid,
    instance: [
      {
        uid: roi.image.sopInstanceUid,
        number: ctx.instance.instanceNumber,
        sopClass: { system: URI_SYSTEM, code: `urn:oid:${roi.image.sopClassUid}` },
        // Only multi-frame ROIs carry a frame; a single-frame image has no subset.
        subset: frame !== undefined ? [String(frame)] : undefined,
        imageRegion2D: regionsOf(roi),
      },
    ],
  };
  return compact(resource);
}
