import { imagingStudyRef, serviceRequestRef } from '../imaging-selection/serializeSelection';
import { deriveRoiId } from '../imaging-selection/deriveRoiId';
import type { SegmentReference, SegmentReferenceContext } from '../imaging-selection/referencedSegment';
import type { SegmentStats } from '../segmentation/segmentStats';
import { uuidToDicomUid } from './dicomUid';
import { FIGURE_CODES, HOUNSFIELD, NO_UNIT, roundFigure, type UcumUnit } from './Figure';
import {
  MEASUREMENT_GROUP,
  MEASUREMENT_GROUP_PROFILE,
  MEASUREMENT_PROFILE,
  MORPHOLOGIC_FINDING_CATEGORY,
  UCUM_SYSTEM,
  observationUidIdentifier,
  type ImagingObservation,
} from './MeasurementObservation';
import type { MeasurementWrites, ObservationWrite } from './measurementObservations';
import { compact } from '../json/compact';

export const VOLUME_CODE = { system: 'http://snomed.info/sct', code: '118565006', display: 'Volume' } as const;
export const MM3: UcumUnit = { code: 'mm3', unit: 'mm3' };

export interface SegmentMeasurementContext extends SegmentReferenceContext {
  /** The viewer's Device (`urn:uuid:` of the same transaction). */
  readonly device: string;
  /** The referenced-segment selection (`urn:uuid:` of the same transaction). */
  readonly selection: string;
  /** Modality of the segmented images: CT means are in HU. */
  readonly modality?: string;
}

/**
 * A segment's IG `imaging-measurement-group` (TID 1411 Volumetric ROI measurements) derived from its
 * referenced-segment selection, with a volume (mm3) and, when known, the mean modality value as members.
 * UIDs follow from the selection's id, so saving the same segment selection again replaces them.
 */
export function serializeSegmentMeasurements(ref: SegmentReference, stats: SegmentStats, ctx: SegmentMeasurementContext): MeasurementWrites {
  const claim = (profile: string) => (ctx.imagingStudyId !== undefined ? { profile: [profile] } : undefined);
  const subject = { reference: ctx.subject.reference, type: 'Patient', identifier: ctx.subject.identifier, display: ctx.subject.display };
  const performer = ctx.performer ? [{ reference: ctx.performer.reference, display: ctx.performer.display }] : undefined;
  const common = { basedOn: serviceRequestRef(ctx.accessionNumber), partOf: [imagingStudyRef(ref.studyUid, ctx.imagingStudyId)], status: 'final' as const };
  const figures: Array<{ key: string; code: { system: string; code: string; display: string }; value: number; unit: UcumUnit }> = [];
  if (stats.volumeMm3 !== undefined) figures.push({ key: 'volume', code: VOLUME_CODE, value: roundFigure(stats.volumeMm3), unit: MM3 });
  if (stats.mean !== undefined) figures.push({ key: 'mean', code: FIGURE_CODES.mean, value: roundFigure(stats.mean), unit: ctx.modality === 'CT' ? HOUNSFIELD : NO_UNIT });
  const measurements = figures.map((f): ObservationWrite => {
    const uuid = deriveRoiId(ref.id, 'segment-measurement', f.key);
    const uid = uuidToDicomUid(uuid);
    const resource = {
      resourceType: 'Observation',
      meta: claim(MEASUREMENT_PROFILE),
      identifier: [observationUidIdentifier(uid)],
      ...common,
      code: { coding: [{ ...f.code }] },
      subject,
      issued: ctx.issued,
      performer,
      valueQuantity: { value: f.value, unit: f.unit.unit, system: UCUM_SYSTEM, code: f.unit.code },
      device: { reference: ctx.device },
      derivedFrom: [{ reference: ctx.selection }],
    } as ImagingObservation;
    return { uid, fullUrl: `urn:uuid:${uuid}`, resource: compact(resource) };
  });
  const groupUuid = deriveRoiId(ref.id, 'segment-measurement-group');
  const uid = uuidToDicomUid(groupUuid);
  const group = {
    resourceType: 'Observation',
    meta: claim(MEASUREMENT_GROUP_PROFILE),
    identifier: [observationUidIdentifier(uid)],
    ...common,
    category: [{ coding: [{ ...MEASUREMENT_GROUP }] }],
    code: { coding: [{ ...MORPHOLOGIC_FINDING_CATEGORY }], text: ref.label },
    subject,
    issued: ctx.issued,
    performer,
    device: { reference: ctx.device },
    hasMember: measurements.length ? measurements.map((m) => ({ reference: m.fullUrl })) : undefined,
    derivedFrom: [{ reference: ctx.selection }],
  } as ImagingObservation;
  return { group: { uid, fullUrl: `urn:uuid:${groupUuid}`, resource: compact(group) }, measurements };
}

