import { describe, expect, it } from 'vitest';
import { serializeIllustration, SECONDARY_CAPTURE_SOP_CLASS } from './serializeIllustration';
import { parseSelection } from './parseSelection';

const input = {
  id: '0b6f2a55-3c1e-4d8a-9f0b-1c2d3e4f5a6b',
  subject: { reference: 'Patient/p1', identifier: { system: 'urn:oid:1.2.3', value: 'PID' } },
  studyUid: '1.2.3.4',
  imagingStudyId: 'st1',
  accessionNumber: 'ACC-9',
  seriesUid: '1.2.3.4.99',
  seriesNumber: 9901,
  sopInstanceUid: '2.25.1234',
  instanceNumber: 1,
  issued: '2026-12-02T10:00:00.000Z',
};

describe('serializeIllustration (IG illustration-of-roi)', () => {
  it('writes code 121200, the profile, the base-profile fields and the SC instance without geometry', () => {
    const r = serializeIllustration(input);
    expect(r.meta).toEqual({ profile: ['http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/illustration-of-roi'] });
    expect(r.code).toEqual({ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' }] });
    expect(r.subject).toEqual({ reference: 'Patient/p1', type: 'Patient', identifier: { system: 'urn:oid:1.2.3', value: 'PID' } });
    expect(r.derivedFrom[0]).toMatchObject({ reference: 'ImagingStudy/st1', identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.3.4', type: { coding: [{ code: '110180' }] } } });
    expect(r.basedOn?.[0]?.identifier).toMatchObject({ value: 'ACC-9', type: { coding: [{ code: 'ACSN' }] } });
    expect(r.instance).toEqual([{ uid: '2.25.1234', number: 1, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${SECONDARY_CAPTURE_SOP_CLASS}` } }]);
    expect(JSON.stringify(r)).not.toContain('undefined');
  });

  it('is byte-stable, and the reader shows no ROI for it (it has no regions)', () => {
    expect(JSON.stringify(serializeIllustration(input))).toBe(JSON.stringify(serializeIllustration({ ...input })));
    const parsed = parseSelection({ ...serializeIllustration(input), id: 'k1', meta: { versionId: '1' } });
    expect(parsed.rois).toEqual([]);
  });
});
