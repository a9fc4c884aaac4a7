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

function upsert(w: ObservationWrite): RelatedWrite {
  return { op: 'upsert', resource: asResource(w.resource), fullUrl: w.fullUrl, identifier: { system: DICOM_UID_SYSTEM, value: `urn:oid:${w.uid}` } };
}

/**
 * The IG Observations that go into the same transaction as an ROI's
 * selection: the viewer's Device (created once per server), the measurement
 * group and one measurement per figure the panel shows. A deleted ROI's
 * Observations are written as entered-in-error.
 */
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
    { op: 'create-once', resource: asResource(device.resource), fullUrl: `urn:uuid:${device.uuid}`, identifier: { system: URI_SYSTEM, value: `urn:uuid:${device.uuid}` } },
    upsert(writes.group),
    ...writes.measurements.map(upsert),
  ];
}
