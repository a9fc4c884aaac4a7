import { version } from '../../package.json';
import type { InstanceMeta } from '../domain/study/models';
import type { RelatedWrite } from '../adapters/fhir/selectionSave';
import type { FhirResource } from '../adapters/fhir/fhirTypes';
import type { SelectionContext } from '../domain/imaging-selection/SelectionContext';
import { DICOM_UID_SYSTEM, URI_SYSTEM } from '../domain/imaging-selection/ImagingSelection';
import { roiFigures } from '../domain/observation/roiFigures';
import { serializeMeasurements, type ObservationWrite } from '../domain/observation/measurementObservations';
import { viewerDevice } from '../domain/observation/viewerDevice';
import type { RoiRecord } from './slices/roiSlice';
import { getState } from './appStore';

const device = viewerDevice(version);

const asResource = (r: unknown) => r as FhirResource;

/** Known on the server (saved or loaded): an update of that version (If-Match); otherwise by identifier. */
export function upsert(w: ObservationWrite, known?: RoiRecord['server']): RelatedWrite {
  const value = `urn:oid:${w.uid}`;
  const at = known?.observations?.[value];
  return { op: 'upsert', resource: asResource(w.resource), fullUrl: w.fullUrl, identifier: { system: DICOM_UID_SYSTEM, value }, ...(at ? { ifMatch: at } : {}) };
}

/**
 * The IG Observations that go into the same transaction as an ROI's
 * selection: the viewer's Device (created once per server), the measurement
 * group and one measurement per figure the panel shows. A deleted ROI's
 * Observations are written as entered-in-error.
 */
/** The viewer's Device as a related write (conditional create, once per server and version). */
export function deviceWrite(): RelatedWrite {
  return { op: 'create-once', resource: asResource(device.resource), fullUrl: `urn:uuid:${device.uuid}`, identifier: { system: URI_SYSTEM, value: `urn:uuid:${device.uuid}` } };
}

export function measurementWritesFor(rec: RoiRecord, inst: InstanceMeta, ctx: SelectionContext): RelatedWrite[] {
  const deleted = rec.sync === 'deleted' && rec.server !== undefined;
  const stats = getState().viewer.stats[rec.roi.id];
  // Colour images have no modality statistics (kind 'none'): no mean/SD/min/max measurements then.
  const figures = roiFigures(rec.roi, inst.pixelSpacing, stats?.kind === 'values' ? stats : undefined, inst.modality);
  const writes = serializeMeasurements(
    rec.roi,
    figures,
    {
      subject: ctx.subject,
      studyUid: ctx.studyUid,
      imagingStudyId: ctx.imagingStudyId,
      accessionNumber: ctx.accessionNumber,
      performer: ctx.performer,
      issued: ctx.issued,
      device: `urn:uuid:${device.uuid}`,
      selection: rec.server ? `ImagingSelection/${rec.server.resourceId}` : `urn:uuid:${rec.roi.id}`,
    },
    deleted ? 'entered-in-error' : 'final',
  );
  return [
    deviceWrite(),
    upsert(writes.group, rec.server),
    ...writes.measurements.map((m) => upsert(m, rec.server)),
  ];
}
