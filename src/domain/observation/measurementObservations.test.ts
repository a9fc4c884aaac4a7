import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { differsBeyondRounding, parseMeasurements, serializeMeasurements, type MeasurementContext } from './measurementObservations';
import { roiFigures, NO_SPACING_NOTE } from './roiFigures';
import { uuidToDicomUid } from './dicomUid';
import { ctx, rois } from '../imaging-selection/testing/fixtures';

const mctx: MeasurementContext = {
  subject: ctx.subject,
  studyUid: ctx.studyUid,
  imagingStudyId: ctx.imagingStudyId,
  accessionNumber: ctx.accessionNumber,
  performer: ctx.performer,
  issued: ctx.issued,
  device: 'urn:uuid:5a1d0f3e-0000-4000-8000-000000000001',
  selection: `urn:uuid:${rois.polygon.id}`,
};
const stats = { mean: 40.123456, stdDev: 12.5, min: -1000, max: 1200 };
const render = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const goldenUrl = new URL('./golden/polygon-measurements.json', import.meta.url);

describe('roiFigures', () => {
  it('gives perimeter, area and the statistics in UCUM for a closed CT ROI', () => {
    const { figures, note } = roiFigures(rois.polygon, [0.5, 0.5], stats, 'CT');
    expect(note).toBeUndefined();
    expect(figures.map((f) => [f.kind, f.value, f.unit.code])).toEqual([
      ['perimeter', 90, 'mm'],
      ['area', 500, 'mm2'],
      ['mean', 40.1235, "[hnsf'U]"],
      ['stdDev', 12.5, "[hnsf'U]"],
      ['min', -1000, "[hnsf'U]"],
      ['max', 1200, "[hnsf'U]"],
    ]);
  });

  it('gives length for an open path and nothing for a point', () => {
    expect(roiFigures(rois.polyline, [1, 1], undefined, 'MR').figures.map((f) => f.kind)).toEqual(['length']);
    expect(roiFigures(rois.point, [1, 1], undefined, 'CT')).toEqual({ figures: [] });
  });

  it('an image without pixel spacing gets no mm figures, and a note says so', () => {
    const { figures, note } = roiFigures(rois.polygon, undefined, stats, 'MR');
    expect(figures.map((f) => f.kind)).toEqual(['mean', 'stdDev', 'min', 'max']);
    expect(figures[0]?.unit).toEqual({ code: '1', unit: 'no unit' });
    expect(note).toBe(NO_SPACING_NOTE);
  });
});

describe('serializeMeasurements', () => {
  const writes = serializeMeasurements(rois.polygon, roiFigures(rois.polygon, [0.5, 0.5], stats, 'CT'), mctx);

  it('matches golden/polygon-measurements.json byte for byte', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenUrl, render(writes));
    expect(render(writes)).toBe(readFileSync(goldenUrl, 'utf8'));
  });

  it('writes a group derived from the selection with one member per figure, all on the device', () => {
    const g = writes.group.resource;
    expect(g.meta?.profile).toEqual(['http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/imaging-measurement-group']);
    expect(g.category).toEqual([{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '125007', display: 'Measurement Group' }] }]);
    expect(g.derivedFrom).toEqual([{ reference: `urn:uuid:${rois.polygon.id}` }]);
    expect(g.hasMember).toEqual(writes.measurements.map((m) => ({ reference: m.fullUrl })));
    expect(g.valueCodeableConcept?.coding?.[0]?.code).toBe('52988006');
    expect(g.partOf[0]?.identifier?.value).toBe(`urn:oid:${ctx.studyUid}`);
    for (const m of writes.measurements) {
      expect(m.resource.meta?.profile).toEqual(['http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/imaging-measurement']);
      expect(m.resource.valueQuantity?.system).toBe('http://unitsofmeasure.org');
      expect(m.resource.device).toEqual({ reference: mctx.device });
      expect(m.resource.derivedFrom).toEqual([{ reference: mctx.selection }]);
    }
  });

  it('names the group with the DICOM UID derived from the ROI identifier, the members with derived UIDs', () => {
    expect(writes.group.uid).toBe(uuidToDicomUid(rois.polygon.id));
    expect(writes.group.resource.identifier[0]?.value).toBe(`urn:oid:${writes.group.uid}`);
    const uids = new Set([writes.group.uid, ...writes.measurements.map((m) => m.uid)]);
    expect(uids.size).toBe(7);
    for (const u of uids) expect(u).toMatch(/^2\.25\.[1-9][0-9]*$/);
    for (const u of uids) expect(u.length).toBeLessThanOrEqual(64);
  });

  it('claims no IG profile when the server has no ImagingStudy to reference (partOf[imagingStudyRef] needs a literal one)', () => {
    const w = serializeMeasurements(rois.polygon, roiFigures(rois.polygon, [1, 1], undefined, 'CT'), { ...mctx, imagingStudyId: undefined });
    expect(w.group.resource).not.toHaveProperty('meta');
    expect(w.measurements[0]?.resource).not.toHaveProperty('meta');
    expect(w.group.resource.partOf[0]?.identifier?.value).toBe(`urn:oid:${ctx.studyUid}`);
  });

  it('links an illustration of the ROI when there is one, and marks a deletion', () => {
    const del = serializeMeasurements({ ...rois.polygon, illustrations: ['ImagingSelection/key-1'] }, { figures: [] }, mctx, 'entered-in-error');
    expect(del.group.resource.derivedFrom).toEqual([{ reference: mctx.selection }, { reference: 'ImagingSelection/key-1' }]);
    expect(del.group.resource.status).toBe('entered-in-error');
    expect(del.group.resource).not.toHaveProperty('hasMember');
  });
});

describe('parseMeasurements (round trip through the ids a server assigns)', () => {
  it('reads back the figures of each selection', () => {
    const figures = roiFigures(rois.polygon, [0.5, 0.5], stats, 'CT');
    const writes = serializeMeasurements(rois.polygon, figures, mctx);
    // What the server stores: urn:uuid references replaced by resource ids.
    const ids = new Map([[mctx.selection, 'ImagingSelection/s1'], ...writes.measurements.map((m, i) => [m.fullUrl, `Observation/m${i}`] as const)]);
    const stored = [
      { ...writes.group.resource, id: 'g1', derivedFrom: [{ reference: 'ImagingSelection/s1' }], hasMember: writes.group.resource.hasMember?.map((h) => ({ reference: ids.get(h.reference!) })) },
      ...writes.measurements.map((m, i) => ({ ...m.resource, id: `m${i}` })),
    ];
    const { bySelection, issues } = parseMeasurements(stored);
    expect(issues).toEqual([]);
    expect(bySelection.get('ImagingSelection/s1')).toMatchObject({ selection: 'ImagingSelection/s1', illustrations: [], groupUid: writes.group.uid, figures: figures.figures });
  });

  it('what is read back re-serialises to the same bytes (figures, note, key-image links)', () => {
    const cases = [
      { roi: { ...rois.polygon, illustrations: ['ImagingSelection/k1'] }, figures: roiFigures(rois.polygon, [0.5, 0.5], stats, 'CT') },
      { roi: rois.polyline, figures: roiFigures(rois.polyline, undefined, undefined, 'MR') },
    ];
    for (const { roi, figures } of cases) {
      const c = { ...mctx, selection: 'ImagingSelection/s1' };
      const writes = serializeMeasurements(roi, figures, c);
      const bytes = JSON.stringify([writes.group.resource, ...writes.measurements.map((m) => m.resource)]);
      // As the server returns them: ids, versions, and its own references for urn:uuid ones.
      const ids = new Map(writes.measurements.map((m, i) => [m.fullUrl, `Observation/m${i}`] as const));
      const stored = [
        { ...writes.group.resource, id: 'g1', meta: { ...writes.group.resource.meta, versionId: '3', lastUpdated: '2026-12-02T10:00:00Z' }, hasMember: writes.group.resource.hasMember?.map((h) => ({ reference: ids.get(h.reference!) })) },
        ...writes.measurements.map((m, i) => ({ ...m.resource, id: `m${i}`, meta: { ...m.resource.meta, versionId: '1' } })),
      ];
      const loaded = parseMeasurements(JSON.parse(JSON.stringify(stored))).bySelection.get('ImagingSelection/s1')!;
      const again = serializeMeasurements({ ...roi, ...(loaded.illustrations.length ? { illustrations: loaded.illustrations } : {}) }, { figures: [...loaded.figures], ...(loaded.note ? { note: loaded.note } : {}) }, c);
      expect(JSON.stringify([again.group.resource, ...again.measurements.map((m) => m.resource)])).toBe(bytes);
    }
  });

  it('reads the key images a group is derived from besides its region', () => {
    const writes = serializeMeasurements({ ...rois.polygon, illustrations: ['ImagingSelection/k1', 'ImagingSelection/k2'] }, { figures: [] }, { ...mctx, selection: 'ImagingSelection/s1' });
    const { bySelection } = parseMeasurements([{ ...writes.group.resource, id: 'g1' }]);
    expect(bySelection.get('ImagingSelection/s1')?.illustrations).toEqual(['ImagingSelection/k1', 'ImagingSelection/k2']);
  });

  it('never throws and ignores what is not a live measurement group', () => {
    fc.assert(fc.property(fc.array(fc.anything()), (xs) => {
      expect(() => parseMeasurements(xs)).not.toThrow();
    }));
    expect(parseMeasurements([{ resourceType: 'Observation', status: 'entered-in-error', category: [{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '125007' }] }], derivedFrom: [{ reference: 'ImagingSelection/x' }] }]).bySelection.size).toBe(0);
  });
});

describe('differsBeyondRounding', () => {
  it('accepts the 4-decimal rounding and flags anything larger', () => {
    expect(differsBeyondRounding(40.1235, 40.123456)).toBe(false);
    expect(differsBeyondRounding(40.1235, 40.1245)).toBe(true);
    expect(differsBeyondRounding(-1024, -1000)).toBe(true);
  });
});
