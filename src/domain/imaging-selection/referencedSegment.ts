import type { Issue } from './Issue';
import type { FhirReference } from './SelectionContext';
import { DCM_SYSTEM, IG_CANONICAL, PART04_SOP_CLASS_SYSTEM, URI_SYSTEM, type ImagingSelection } from './ImagingSelection';
import { imagingStudyRef, serviceRequestRef } from './serializeSelection';
import { isRecord, list, str, stripOid, type Json } from './readJson';
import { SEG_SOP_CLASS_UID } from '../segmentation/Segmentation';
import { compact } from '../json/compact';

export const REFERENCED_SEGMENT = { system: DCM_SYSTEM, code: '121191', display: 'Referenced Segment' } as const;
export const REFERENCED_SEGMENT_PROFILE = `${IG_CANONICAL}/referenced-segment`;

/** One segment of one DICOM SEG instance, over the series it segments (IG referenced-segment, TID 1411). */
export interface SegmentReference {
  /** Business identifier (urn:uuid) of the selection. */
  readonly id: string;
  readonly studyUid: string;
  /** The source image series (the IG maps Series Instance UID to the segmented images' series). */
  readonly sourceSeriesUid?: string;
  readonly frameOfReferenceUid?: string;
  readonly segSopInstanceUid: string;
  readonly segInstanceNumber?: number;
  readonly segmentNumber: number;
  readonly label?: string;
}

export interface SegmentReferenceContext {
  readonly subject: FhirReference;
  readonly imagingStudyId?: string;
  readonly accessionNumber?: string;
  readonly performer?: FhirReference;
  readonly issued: string;
}

/** A stored selection as read back: the reference and where it came from. */
export interface StoredSegmentReference {
  readonly ref: SegmentReference;
  readonly resourceId?: string;
  readonly author?: string;
}

/**
 * The IG `referenced-segment` ImagingSelection: code DCM 121191; `instance[segmentationInstance]` is the
 * SEG instance with sopClass Segmentation Storage (the IG's pattern: the Part 4 system and the bare UID)
 * and `subset` = the segment number; `seriesUid` the source series. Key order is fixed (byte-stable).
 */
export function serializeReferencedSegment(ref: SegmentReference, ctx: SegmentReferenceContext): ImagingSelection {
  const resource = {
    resourceType: 'ImagingSelection' as const,
    meta: { profile: [REFERENCED_SEGMENT_PROFILE] },
    identifier: [{ system: URI_SYSTEM, value: `urn:uuid:${ref.id}` }],
    status: 'available' as const,
    subject: { reference: ctx.subject.reference, type: 'Patient', identifier: ctx.subject.identifier, display: ctx.subject.display },
    issued: ctx.issued,
    performer: ctx.performer ? [{ actor: { reference: ctx.performer.reference, type: ctx.performer.type, identifier: ctx.performer.identifier, display: ctx.performer.display } }] : undefined,
    basedOn: serviceRequestRef(ctx.accessionNumber),
    category: ref.label ? [{ text: ref.label }] : undefined,
    code: { coding: [{ ...REFERENCED_SEGMENT }] },
    studyUid: ref.studyUid,
    derivedFrom: [imagingStudyRef(ref.studyUid, ctx.imagingStudyId)],
    seriesUid: ref.sourceSeriesUid,
    frameOfReferenceUid: ref.frameOfReferenceUid,
    instance: [
      {
        uid: ref.segSopInstanceUid,
        number: ref.segInstanceNumber,
        sopClass: { system: PART04_SOP_CLASS_SYSTEM, code: SEG_SOP_CLASS_UID, display: 'Segmentation Storage' },
        subset: [String(ref.segmentNumber)],
      },
    ],
  };
  return compact(resource) as unknown as ImagingSelection;
}

/** True for a selection coded DCM 121191 (whatever else it holds): it is read by parseReferencedSegment. */
export function isReferencedSegment(resource: unknown): boolean {
  if (!isRecord(resource) || resource.resourceType !== 'ImagingSelection' || !isRecord(resource.code)) return false;
  return list(resource.code.coding).some((c) => isRecord(c) && str(c.system) === DCM_SYSTEM && str(c.code) === REFERENCED_SEGMENT.code);
}

/** sopClass as R5 Coding (either system, `urn:oid:` or bare) or as an R6 plain oid/uri. */
function sopClassOf(v: unknown): string | undefined {
  const raw = isRecord(v) ? str(v.code) : str(v);
  return raw ? stripOid(raw) : undefined;
}

/**
 * Reads a referenced-segment selection, ours or another system's (R5, or R6 ballot's `segmentNumber`).
 * Never throws: a resource that cannot name one segment of one SEG instance yields issues only.
 */
export function parseReferencedSegment(resource: unknown): { stored?: StoredSegmentReference; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isRecord(resource)) return { issues: [{ severity: 'error', message: 'Not a FHIR resource' }] };
  const resourceId = str(resource.id);
  const err = (message: string, path?: string) => ({ issues: [...issues, { severity: 'error' as const, message, ...(path ? { path } : {}), ...(resourceId ? { resourceId } : {}) }] });
  if (resource.status === 'entered-in-error') return { issues };
  const studyUid =
    str(resource.studyUid) ??
    list(resource.derivedFrom)
      .map((d) => (isRecord(d) && isRecord(d.identifier) ? str(d.identifier.value) : undefined))
      .filter((v): v is string => !!v && /^urn:oid:/i.test(v))
      .map(stripOid)[0];
  if (!studyUid) return err('Referenced segment without a study', 'studyUid');
  const instances = list(resource.instance);
  const segIndex = instances.findIndex((i) => isRecord(i) && sopClassOf(i.sopClass) === SEG_SOP_CLASS_UID);
  const inst = instances[segIndex] as Json | undefined;
  if (!inst) return err('Referenced segment without a Segmentation Storage instance', 'instance');
  const segSopInstanceUid = str(inst.uid);
  if (!segSopInstanceUid) return err('The segmentation instance has no uid', `instance[${segIndex}].uid`);
  const numbers = [...list(inst.subset), ...list(inst.segmentNumber)].map((v) => (typeof v === 'number' ? v : Number(str(v))));
  if (numbers.length !== 1 || !Number.isInteger(numbers[0]) || numbers[0]! < 1) {
    return err(`The segmentation instance must name exactly one segment number (subset), found ${numbers.length ? numbers.join(', ') : 'none'}`, `instance[${segIndex}].subset`);
  }
  let id = resourceId ?? segSopInstanceUid;
  for (const ident of list(resource.identifier)) {
    const v = isRecord(ident) ? str(ident.value) : undefined;
    if (v && /^urn:uuid:/i.test(v)) id = v.slice(9);
  }
  const label = list(resource.category).map((c) => (isRecord(c) ? str(c.text) : undefined)).find(Boolean);
  const performer = list(resource.performer).map((p) => (isRecord(p) && isRecord(p.actor) ? str(p.actor.display) ?? str(p.actor.reference) : undefined)).find(Boolean);
  const number = typeof inst.number === 'number' ? inst.number : undefined;
  return {
    stored: {
      ref: {
        id,
        studyUid,
        ...(str(resource.seriesUid) ? { sourceSeriesUid: str(resource.seriesUid) } : {}),
        ...(str(resource.frameOfReferenceUid) ? { frameOfReferenceUid: str(resource.frameOfReferenceUid) } : {}),
        segSopInstanceUid,
        ...(number !== undefined ? { segInstanceNumber: number } : {}),
        segmentNumber: numbers[0]!,
        ...(label ? { label } : {}),
      },
      ...(resourceId ? { resourceId } : {}),
      ...(performer ? { author: performer } : {}),
    },
    issues,
  };
}
