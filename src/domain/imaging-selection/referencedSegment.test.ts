import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReferencedSegment, parseReferencedSegment, serializeReferencedSegment, type SegmentReference } from './referencedSegment';

const ctx = { subject: { reference: 'Patient/p1' }, imagingStudyId: 's1', accessionNumber: 'ACC1', issued: '2026-12-02T10:00:00Z' };
const uid = fc.array(fc.integer({ min: 1, max: 99999 }), { minLength: 2, maxLength: 6 }).map((a) => `1.2.${a.join('.')}`);

describe('referenced-segment mapper', () => {
  it('writes the IG shape', () => {
    const r = serializeReferencedSegment({ id: '0e6f1f7e-2b1a-4c1e-9d0e-1a2b3c4d5e6f', studyUid: '1.2.3', sourceSeriesUid: '1.2.3.1', segSopInstanceUid: '1.2.3.9', segInstanceNumber: 1, segmentNumber: 2, label: 'Left lung' }, ctx) as unknown as Record<string, unknown>;
    expect(r.meta).toEqual({ profile: ['http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/referenced-segment'] });
    expect(r.code).toEqual({ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121191', display: 'Referenced Segment' }] });
    expect(r.seriesUid).toBe('1.2.3.1');
    expect(r.instance).toEqual([
      { uid: '1.2.3.9', number: 1, sopClass: { system: 'https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_B.5', code: '1.2.840.10008.5.1.4.1.1.66.4', display: 'Segmentation Storage' }, subset: ['2'] },
    ]);
    expect(isReferencedSegment(r)).toBe(true);
  });
  it('round-trips', () => {
    fc.assert(
      fc.property(fc.uuid(), uid, uid, uid, fc.integer({ min: 1, max: 255 }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (id, study, series, seg, n, label) => {
        const ref: SegmentReference = { id, studyUid: study, sourceSeriesUid: series, segSopInstanceUid: seg, segmentNumber: n, ...(label ? { label } : {}) };
        const back = parseReferencedSegment(JSON.parse(JSON.stringify(serializeReferencedSegment(ref, ctx))));
        expect(back.issues).toEqual([]);
        expect(back.stored!.ref).toEqual(ref);
      }),
    );
  });
  it('reads foreign shapes: R5 core sopClass, R6 segmentNumber, study only in derivedFrom', () => {
    const r = parseReferencedSegment({
      resourceType: 'ImagingSelection',
      id: 'x',
      status: 'available',
      code: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121191' }] },
      derivedFrom: [{ identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.3' } }],
      instance: [{ uid: '1.2.3.9', sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.66.4' }, segmentNumber: [3] }],
    });
    expect(r.stored!.ref).toMatchObject({ studyUid: '1.2.3', segSopInstanceUid: '1.2.3.9', segmentNumber: 3 });
  });
  it('explains what it cannot use, and never throws', () => {
    expect(parseReferencedSegment({ resourceType: 'ImagingSelection', studyUid: '1.2', instance: [{ uid: '1.3', sopClass: '1.2.840.10008.5.1.4.1.1.2' }] }).issues[0]!.message).toMatch(/Segmentation Storage/);
    expect(parseReferencedSegment({ resourceType: 'ImagingSelection', studyUid: '1.2', instance: [{ uid: '1.3', sopClass: '1.2.840.10008.5.1.4.1.1.66.4', subset: ['1', '2'] }] }).issues[0]!.message).toMatch(/exactly one segment/);
    fc.assert(fc.property(fc.anything(), (v) => void parseReferencedSegment(v)));
    fc.assert(fc.property(fc.anything(), (v) => void isReferencedSegment(v)));
  });
});
