import type { Roi } from '../roi/Roi';
import type { FhirReference } from '../imaging-selection/SelectionContext';
import type { Issue } from '../imaging-selection/Issue';
import { isRecord, list, str, type Json } from '../imaging-selection/readJson';
import { imagingStudyRef, serviceRequestRef } from '../imaging-selection/serializeSelection';
import { deriveRoiId } from '../imaging-selection/deriveRoiId';
import { uuidToDicomUid } from './dicomUid';
import { FIGURE_CODES, FIGURE_KINDS, type Figure, type FigureKind } from './Figure';
import type { RoiFigures } from './roiFigures';
import {
  MEASUREMENT_GROUP,
  MEASUREMENT_GROUP_PROFILE,
  MEASUREMENT_PROFILE,
  MORPHOLOGIC_FINDING_CATEGORY,
  OBSERVATION_UID_TYPE,
  UCUM_SYSTEM,
  observationUidIdentifier,
  type ImagingObservation,
  type ObservationStatus,
} from './MeasurementObservation';
import { compact } from '../json/compact';

/** Everything besides the ROI and its figures that the Observations carry. */
export interface MeasurementContext {
  readonly subject: FhirReference;
  readonly studyUid: string;
  readonly imagingStudyId?: string;
  readonly accessionNumber?: string;
  readonly performer?: FhirReference;
  readonly issued: string;
  /** The viewer's Device (a `urn:uuid:` of the same transaction, or `Device/<id>`). */
  readonly device: string;
  /** The ROI's ImagingSelection (`urn:uuid:` when created in the same transaction). */
  readonly selection: string;
}

/** One Observation to write, with the names a transaction needs. */
export interface ObservationWrite {
  readonly uid: string;
  /** `urn:uuid:` of its transaction entry; other entries reference it by this. */
  readonly fullUrl: string;
  readonly resource: ImagingObservation;
}

export interface MeasurementWrites {
  readonly group: ObservationWrite;
  readonly measurements: readonly ObservationWrite[];
}

/** The group's UID is the ROI's; each figure's is derived from the ROI's and its kind. */
export function groupUid(roiId: string): string {
  return uuidToDicomUid(roiId);
}

const memberUuid = (roiId: string, kind: FigureKind) => deriveRoiId(roiId, 'imaging-measurement', kind);

/** A figure's Observation UID; the SR export writes the same one on its NUM item. */
export function measurementUid(roiId: string, kind: FigureKind): string {
  return uuidToDicomUid(memberUuid(roiId, kind));
}
const groupUuid = (roiId: string) => deriveRoiId(roiId, 'imaging-measurement-group');

function common(ctx: MeasurementContext, status: ObservationStatus) {
  return {
    basedOn: serviceRequestRef(ctx.accessionNumber),
    partOf: [imagingStudyRef(ctx.studyUid, ctx.imagingStudyId)],
    status,
  };
}

/**
 * One ROI's IG Observations: an `imaging-measurement-group` (TID 1410)
 * derived from the ROI's `image-region-2d` selection (and its key images,
 * `roi.illustrations`, if any), with one `imaging-measurement` per figure as `hasMember`. Key order
 * is fixed: the same input gives the same bytes.
 *
 * The IG's partOf[imagingStudyRef] (1..1) is sliced by the type of a literal
 * reference, so a study the FHIR server has no ImagingStudy for cannot meet
 * it: those Observations are written without the profile claim.
 */
export function serializeMeasurements(roi: Roi, figures: RoiFigures, ctx: MeasurementContext, status: ObservationStatus = 'final'): MeasurementWrites {
  const profiled = ctx.imagingStudyId !== undefined;
  const claim = (profile: string) => (profiled ? { profile: [profile] } : undefined);
  const subject = { reference: ctx.subject.reference, type: 'Patient', identifier: ctx.subject.identifier, display: ctx.subject.display };
  const performer = ctx.performer ? [{ reference: ctx.performer.reference, display: ctx.performer.display }] : undefined;
  // derivedFrom[imageRegion2d], then derivedFrom[illustrationOfRoi]: the key images showing the ROI.
  const derivedFrom = [{ reference: ctx.selection }, ...(roi.illustrations ?? []).map((reference) => ({ reference }))];
  const measurements = figures.figures.map((f): ObservationWrite => {
    const uuid = memberUuid(roi.id, f.kind);
    const uid = uuidToDicomUid(uuid);
    const resource: ImagingObservation = {
      resourceType: 'Observation',
      meta: claim(MEASUREMENT_PROFILE),
      identifier: [observationUidIdentifier(uid)],
      ...common(ctx, status),
      code: { coding: [{ ...FIGURE_CODES[f.kind] }] },
      subject,
      issued: ctx.issued,
      performer,
      valueQuantity: { value: f.value, unit: f.unit.unit, system: UCUM_SYSTEM, code: f.unit.code },
      device: { reference: ctx.device },
      derivedFrom: [{ reference: ctx.selection }],
    };
    return { uid, fullUrl: `urn:uuid:${uuid}`, resource: compact(resource) };
  });
  const uid = groupUid(roi.id);
  const group: ImagingObservation = {
    resourceType: 'Observation',
    meta: claim(MEASUREMENT_GROUP_PROFILE),
    identifier: [observationUidIdentifier(uid)],
    ...common(ctx, status),
    category: [{ coding: [{ ...MEASUREMENT_GROUP }] }],
    code: { coding: [{ ...MORPHOLOGIC_FINDING_CATEGORY }], text: roi.label === '' ? undefined : roi.label },
    subject,
    issued: ctx.issued,
    performer,
    valueCodeableConcept: roi.finding ? { coding: [{ system: roi.finding.system, code: roi.finding.code, display: roi.finding.display }] } : undefined,
    note: figures.note ? [{ text: figures.note }] : undefined,
    device: { reference: ctx.device },
    hasMember: measurements.length ? measurements.map((m) => ({ reference: m.fullUrl })) : undefined,
    derivedFrom,
  };
  return { group: { uid, fullUrl: `urn:uuid:${groupUuid(roi.id)}`, resource: compact(group) }, measurements };
}

/** What the server holds for one ROI's measurements. */
export interface StoredMeasurements {
  /** `ImagingSelection/<id>` the group is derived from. */
  readonly selection: string;
  readonly groupUid?: string;
  /** Other ImagingSelections the group is derived from: the ROI's key images (illustration-of-roi). */
  readonly illustrations: readonly string[];
  /** The group's and its members' ids and versions, by identifier value (`urn:oid:<UID>`). */
  readonly versions: Readonly<Record<string, { readonly id: string; readonly versionId: string }>>;
  readonly figures: readonly Figure[];
  readonly note?: string;
}

export interface ParsedMeasurements {
  /** Keyed by the selection reference (`ImagingSelection/<id>`). */
  readonly bySelection: ReadonlyMap<string, StoredMeasurements>;
  readonly issues: Issue[];
}

const KIND_BY_CODE = new Map(FIGURE_KINDS.map((k) => [`${FIGURE_CODES[k].system}|${FIGURE_CODES[k].code}`, k]));

function uidOf(resource: Json): string | undefined {
  for (const id of list(resource.identifier)) {
    if (!isRecord(id) || str(id.system) !== 'urn:dicom:uid') continue;
    const typed = isRecord(id.type) && list(id.type.coding).some((c) => isRecord(c) && c.code === OBSERVATION_UID_TYPE.code);
    const value = str(id.value);
    if (typed && value) return value.replace(/^urn:oid:/i, '');
  }
  return undefined;
}

function isGroup(resource: Json): boolean {
  return list(resource.category).some((c) => isRecord(c) && list(c.coding).some((x) => isRecord(x) && x.system === MEASUREMENT_GROUP.system && x.code === MEASUREMENT_GROUP.code));
}

function figureOf(resource: Json): Figure | undefined {
  const coding = isRecord(resource.code) ? list(resource.code.coding) : [];
  let kind: FigureKind | undefined;
  for (const c of coding) if (isRecord(c)) kind ??= KIND_BY_CODE.get(`${str(c.system)}|${str(c.code)}`);
  const q = resource.valueQuantity;
  if (!kind || !isRecord(q) || typeof q.value !== 'number' || !Number.isFinite(q.value)) return undefined;
  return { kind, value: q.value, unit: { code: str(q.code) ?? '', unit: str(q.unit) ?? str(q.code) ?? '' } };
}

/**
 * Reads measurement groups and their members (as a search with
 * `_revinclude`/`_include:iterate` returns them) back into figures per
 * selection. Never throws; withdrawn Observations are left out.
 */
export function parseMeasurements(resources: readonly unknown[]): ParsedMeasurements {
  const issues: Issue[] = [];
  const byRef = new Map<string, Json>();
  const groups: Json[] = [];
  for (const r of resources) {
    if (!isRecord(r) || r.resourceType !== 'Observation' || r.status === 'entered-in-error') continue;
    const id = str(r.id);
    if (id) byRef.set(`Observation/${id}`, r);
    if (isGroup(r)) groups.push(r);
  }
  const bySelection = new Map<string, StoredMeasurements>();
  for (const g of groups) {
    // The first ImagingSelection is the region (as written here); any further ones are illustrations.
    const refs = list(g.derivedFrom)
      .map((d) => (isRecord(d) ? str(d.reference) : undefined))
      .filter((ref): ref is string => ref !== undefined && /^ImagingSelection\/[^/]+$/.test(ref));
    const selection = refs.find((ref) => !bySelection.has(ref));
    if (!selection) continue;
    const illustrations = refs.filter((ref) => ref !== selection);
    const figures: Figure[] = [];
    const versions: Record<string, { id: string; versionId: string }> = {};
    const remember = (r: Json) => {
      const uid = uidOf(r);
      const id = str(r.id);
      const versionId = isRecord(r.meta) ? str(r.meta.versionId) : undefined;
      if (uid && id && versionId) versions[`urn:oid:${uid}`] = { id, versionId };
    };
    remember(g);
    for (const m of list(g.hasMember)) {
      const ref = isRecord(m) ? str(m.reference) : undefined;
      const member = ref ? byRef.get(ref.replace(/\/_history\/.*$/, '')) : undefined;
      if (!member) continue; // withdrawn or not included: nothing to show
      remember(member);
      const f = figureOf(member);
      if (f) figures.push(f);
      else issues.push({ severity: 'warning', message: `Measurement ${ref} has no value this viewer can show`, resourceId: str(member.id) ?? '' });
    }
    const note = list(g.note).map((n) => (isRecord(n) ? str(n.text) : undefined)).find((t) => t !== undefined);
    const groupUidValue = uidOf(g);
    bySelection.set(selection, { selection, illustrations, versions, figures, ...(groupUidValue ? { groupUid: groupUidValue } : {}), ...(note ? { note } : {}) });
  }
  return { bySelection, issues };
}

/** A stored figure that differs from the recomputed one by more than rounding. */
export function differsBeyondRounding(stored: number, recomputed: number, decimals = 4): boolean {
  return Math.abs(stored - recomputed) > 0.5 * 10 ** -decimals + 1e-9 * Math.max(1, Math.abs(recomputed));
}
