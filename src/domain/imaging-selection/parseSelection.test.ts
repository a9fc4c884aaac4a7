import { describe, expect, it } from 'vitest';
import { parseSelection, parseSelections } from './parseSelection';
import { serializeSelection } from './serializeSelection';
import { deriveRoiId } from './deriveRoiId';
import { ctx, mfCtx, MF_SOP_UID, rois, SOP_UID, STUDY_UID, SERIES_UID, study } from './testing/fixtures';
import type { Issue } from './Issue';

/** The official R5 example shape (identifier-only subject, code.text only, no ImagingStudy id, no identifier). */
const officialR5 = {
  resourceType: 'ImagingSelection',
  status: 'available',
  subject: { type: 'Patient', identifier: { system: 'https://fhirhospital.org', value: 'NTCGFHHKYUYKDPQX' } },
  code: { text: 'Region selected from image' },
  studyUid: '1.2.840.113747.20080222.324856729726854657132726086516575',
  derivedFrom: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.840.113747.20080222.324856729726954657132726086516575' } }],
  seriesUid: '1.2.840.113747.20080222.324856729726954657132726086516575.1',
  instance: [
    {
      uid: '1.2.840.113747.20080222.324856729726823100132726086516575.1.0',
      sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' },
      imageRegion2D: [{ regionType: 'polyline', coordinate: [0.25, 0.25, 0.75, 0.25, 0.75, 0.75, 0.25, 0.75] }],
    },
  ],
};

/** A resource with one region on our fixture study, to mutate per test. */
const withRegion = (region: unknown, instance: Record<string, unknown> = {}) => ({
  resourceType: 'ImagingSelection',
  id: 'sel-1',
  status: 'available',
  studyUid: STUDY_UID,
  seriesUid: SERIES_UID,
  instance: [{ uid: SOP_UID, imageRegion2D: [region], ...instance }],
});

const only = (issues: Issue[]) => issues.map((i) => [i.severity, i.message]);

describe('parseSelection: shapes from other systems', () => {
  it('reads the official R5 example (open polyline, no identifier, no id)', () => {
    const { rois: out, issues } = parseSelection(officialR5);
    expect(issues).toEqual([]);
    expect(out).toHaveLength(1);
    const [p] = out;
    expect(p?.server).toBeUndefined();
    expect(p?.roi).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      image: {
        studyUid: officialR5.studyUid,
        seriesUid: officialR5.seriesUid,
        sopInstanceUid: officialR5.instance[0]!.uid,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      },
      label: '',
      kind: 'polyline',
      closed: false,
      points: [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]],
    });
    // Deterministic: the same resource always gives the same id.
    expect(parseSelection(structuredClone(officialR5)).rois[0]?.roi.id).toBe(p?.roi.id);
  });

  it('derives the id from the resource id when there is no identifier', () => {
    const a = parseSelection({ ...officialR5, id: 'x1' }).rois[0]?.roi.id;
    const b = parseSelection({ ...officialR5, id: 'x2' }).rois[0]?.roi.id;
    expect(a).toBe(deriveRoiId('resource:x1', 0, 0, 0));
    expect(a).not.toBe(b);
  });

  it('takes the study UID from derivedFrom when studyUid is absent, and derivedFrom may be a single object (R6)', () => {
    const { studyUid: _s, ...rest } = officialR5;
    const r6 = { ...rest, derivedFrom: officialR5.derivedFrom[0] };
    expect(parseSelection(r6).rois[0]?.roi.image.studyUid).toBe('1.2.840.113747.20080222.324856729726954657132726086516575');
  });

  it('reads R6 ballot shapes: sopClass as a string, frameNumber, multipoint', () => {
    const r6 = withRegion({ regionType: 'multipoint', coordinate: [1, 2, 3, 4, 5, 6] }, { uid: MF_SOP_UID, sopClass: 'urn:oid:1.2.840.10008.5.1.4.1.1.3.1', frameNumber: [2, 4] });
    const { rois: out, issues } = parseSelection(r6, study);
    expect(issues).toEqual([]);
    expect(out.map((p) => [p.roi.kind, p.roi.image.frameNumber, p.roi.image.sopClassUid])).toEqual([
      ['multipoint', 2, '1.2.840.10008.5.1.4.1.1.3.1'],
      ['multipoint', 4, '1.2.840.10008.5.1.4.1.1.3.1'],
    ]);
    expect(new Set(out.map((p) => p.roi.id)).size).toBe(2);
  });

  it('accepts a bare-oid sopClass and a frameList string', () => {
    const r = parseSelection(withRegion({ regionType: 'point', coordinate: [1, 1] }, { uid: MF_SOP_UID, sopClass: '1.2.3', frameList: '3 7' }), study);
    expect(r.rois.map((p) => [p.roi.image.sopClassUid, p.roi.image.frameNumber])).toEqual([
      ['1.2.3', 3],
      ['1.2.3', 7],
    ]);
  });

  it('fills series and SOP class from the study index when the resource lacks them', () => {
    const { seriesUid: _x, ...res } = withRegion({ regionType: 'point', coordinate: [1, 1] });
    expect(parseSelection(res, study).rois[0]?.roi.image).toMatchObject({ seriesUid: SERIES_UID, sopClassUid: '1.2.840.10008.5.1.4.1.1.2' });
  });

  it('maps the server part: id, versionId, performer and issued', () => {
    const res = { ...serializeSelection(rois.point, ctx, { resourceId: 'abc' }), meta: { versionId: '7' } };
    expect(parseSelection(res, study).rois[0]?.server).toEqual({
      resourceId: 'abc',
      versionId: '7',
      author: 'Dr Who',
      authorRef: 'Practitioner/dr-who',
      issued: ctx.issued,
    });
  });

  it('closes a polyline iff the first pair equals the last, dropping the repeat', () => {
    const closed = parseSelection(withRegion({ regionType: 'polyline', coordinate: [0, 0, 4, 0, 4, 4, 0, 0] })).rois[0]?.roi;
    expect(closed).toMatchObject({ closed: true, points: [[0, 0], [4, 0], [4, 4]] });
    const open = parseSelection(withRegion({ regionType: 'polyline', coordinate: [0, 0, 4, 0, 4, 4, 0, 0.1] })).rois[0]?.roi;
    expect(open).toMatchObject({ closed: false });
  });

  it('makes one ROI per region and per instance, with stable distinct ids', () => {
    const res = {
      ...withRegion({ regionType: 'point', coordinate: [1, 1] }),
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${rois.point.id}` }],
    };
    res.instance = [
      { uid: SOP_UID, imageRegion2D: [{ regionType: 'point', coordinate: [1, 1] }, { regionType: 'circle', coordinate: [5, 5, 6, 5] }] },
      { uid: MF_SOP_UID, imageRegion2D: [{ regionType: 'point', coordinate: [2, 2] }] },
    ] as never;
    const a = parseSelection(res, study);
    expect(a.rois.map((p) => p.roi.kind)).toEqual(['point', 'circle', 'point']);
    const ids = a.rois.map((p) => p.roi.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(rois.point.id);
    expect(parseSelection(structuredClone(res), study).rois.map((p) => p.roi.id)).toEqual(ids);
    // ...and the multi-frame instance without a frame gets a warning.
    expect(only(a.issues)).toEqual([['warning', 'No frame number for a multi-frame instance']]);
  });

  it('reorders an ellipse given minor axis first, with a warning', () => {
    const r = parseSelection(withRegion({ regionType: 'ellipse', coordinate: [50, 40, 50, 60, 30, 50, 70, 50] }));
    expect(r.rois[0]?.roi.points).toEqual([[30, 50], [70, 50], [50, 40], [50, 60]]);
    expect(only(r.issues)).toEqual([['warning', 'ellipse had its minor axis first; reordered']]);
  });

  it('reads a searchset Bundle, skipping OperationOutcomes', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: serializeSelection(rois.point, ctx) },
        { resource: { resourceType: 'OperationOutcome' } },
        { resource: serializeSelection(rois.ellipse, mfCtx) },
      ],
    };
    const r = parseSelections(bundle, study);
    expect(r.issues).toEqual([]);
    expect(r.rois.map((p) => p.roi)).toStrictEqual([rois.point, rois.ellipse]);
  });
});

describe('parseSelection: one test per issue kind', () => {
  const issuesOf = (res: unknown) => {
    const r = parseSelection(res, study);
    return { n: r.rois.length, issues: r.issues };
  };

  it.each([null, undefined, 'ImagingSelection', 42, [], NaN])('never throws on %s', (v) => {
    const r = parseSelection(v);
    expect(r.rois).toEqual([]);
    expect(r.issues[0]?.severity).toBe('error');
  });

  it('wrong resourceType', () => {
    expect(only(issuesOf({ resourceType: 'Observation' }).issues)).toEqual([['error', 'Not an ImagingSelection: resourceType is "Observation"']]);
  });

  it('odd coordinate count', () => {
    const r = issuesOf(withRegion({ regionType: 'polyline', coordinate: [1, 2, 3] }));
    expect(r.n).toBe(0);
    expect(r.issues).toEqual([
      { severity: 'error', message: 'odd number of coordinates (3)', path: 'instance[0].imageRegion2D[0].coordinate', resourceId: 'sel-1' },
    ]);
  });

  it.each([
    ['a string', '3', 'coordinate 1 is not a number: "3"'],
    ['NaN', NaN, 'coordinate 1 is not a number: NaN'],
    ['null', null, 'coordinate 1 is not a number: null'],
    ['an object', { v: 1 }, 'coordinate 1 is not a number: an object'],
  ])('non-numeric coordinate (%s)', (_, bad, message) => {
    const r = issuesOf(withRegion({ regionType: 'point', coordinate: [1, bad] }));
    expect(r.n).toBe(0);
    expect(r.issues).toEqual([{ severity: 'error', message, path: 'instance[0].imageRegion2D[0].coordinate[1]', resourceId: 'sel-1' }]);
  });

  it('missing or empty coordinate', () => {
    expect(only(issuesOf(withRegion({ regionType: 'point' })).issues)).toEqual([['error', 'coordinate is missing or not a list']]);
    expect(only(issuesOf(withRegion({ regionType: 'point', coordinate: [] })).issues)).toEqual([['error', 'coordinate is empty']]);
  });

  it('out-of-range coordinates (needs the study index)', () => {
    const res = withRegion({ regionType: 'polyline', coordinate: [0, 0, 512, 512, 512.5, 3] });
    const r = issuesOf(res);
    expect(r.n).toBe(0);
    expect(r.issues).toEqual([
      { severity: 'error', message: 'Point (512.5, 3) is outside the 512×512 image', path: 'instance[0].imageRegion2D[0].coordinate[4]', resourceId: 'sel-1' },
    ]);
    // Without an index there is nothing to check against.
    expect(parseSelection(res).rois).toHaveLength(1);
    expect(only(issuesOf(withRegion({ regionType: 'point', coordinate: [-1, 3] })).issues)).toEqual([['error', 'Point (-1, 3) is outside the 512×512 image']]);
  });

  it('unknown regionType', () => {
    expect(only(issuesOf(withRegion({ regionType: 'spline', coordinate: [1, 1] })).issues)).toEqual([['error', 'Unknown regionType "spline"']]);
    expect(only(issuesOf(withRegion({ coordinate: [1, 1] })).issues)).toEqual([['error', 'Unknown regionType undefined']]);
  });

  it('instance not in the open study', () => {
    const res = withRegion({ regionType: 'point', coordinate: [1, 1] }, { uid: '9.9.9' });
    const r = issuesOf(res);
    expect(r.n).toBe(0);
    expect(only(r.issues)).toEqual([['warning', 'Instance 9.9.9 is not in the open study']]);
  });

  it('3D-only region (R6 root level and R5 instance level)', () => {
    const r6 = { resourceType: 'ImagingSelection', status: 'available', studyUid: STUDY_UID, frameOfReferenceUid: '1.2', imageRegion3D: [{ regionType: 'point', coordinate: [1, 2, 3] }] };
    expect(issuesOf(r6)).toEqual({ n: 0, issues: [{ severity: 'warning', message: '3D region not shown', path: 'imageRegion3D[0]' }] });
    const r5 = { ...withRegion({ regionType: 'point', coordinate: [1, 1] }), instance: [{ uid: SOP_UID, imageRegion3D: [{ regionType: 'point', coordinate: [1, 2, 3] }] }] };
    expect(only(issuesOf(r5).issues)).toEqual([['warning', '3D region not shown']]);
  });

  it('wrong number of points for circle and ellipse', () => {
    expect(only(issuesOf(withRegion({ regionType: 'circle', coordinate: [1, 1, 2, 2, 3, 3] })).issues)).toEqual([['error', 'circle needs 2 coordinate pairs, got 3']]);
    expect(only(issuesOf(withRegion({ regionType: 'ellipse', coordinate: [1, 1, 2, 2] })).issues)).toEqual([['error', 'ellipse needs 4 coordinate pairs, got 2']]);
    expect(only(issuesOf(withRegion({ regionType: 'point', coordinate: [1, 1, 2, 2] })).issues)).toEqual([['error', 'point needs 1 coordinate pair, got 2']]);
  });

  it('degenerate shapes', () => {
    expect(only(issuesOf(withRegion({ regionType: 'circle', coordinate: [1, 1, 1, 1] })).issues)).toEqual([['error', 'Circle radius is zero']]);
    expect(only(issuesOf(withRegion({ regionType: 'polyline', coordinate: [1, 1, 1, 1] })).issues)).toEqual([['error', 'A line needs at least 2 distinct points']]);
    expect(only(issuesOf(withRegion({ regionType: 'ellipse', coordinate: [0, 5, 10, 5, 2, 0, 8, 10] })).issues)).toEqual([['error', 'Ellipse axes are not perpendicular']]);
  });

  it.each([
    [['0'], 'frame number "0" is not a positive integer', 'instance[0].subset[0]'],
    [['-2'], 'frame number "-2" is not a positive integer', 'instance[0].subset[0]'],
    [['abc'], 'frame number "abc" is not a positive integer', 'instance[0].subset[0]'],
    [['11'], 'Frame 11 is out of range (instance has 10)', 'instance[0]'],
  ])('bad frame number %j', (subset, message, path) => {
    const r = issuesOf(withRegion({ regionType: 'point', coordinate: [1, 1] }, { uid: MF_SOP_UID, subset }));
    expect(r.n).toBe(0);
    expect(r.issues).toEqual([{ severity: 'error', message, path, resourceId: 'sel-1' }]);
  });

  it('keeps the good frames when only some are bad', () => {
    const r = parseSelection(withRegion({ regionType: 'point', coordinate: [1, 1] }, { uid: MF_SOP_UID, subset: ['2', 'x'] }), study);
    expect(r.rois.map((p) => p.roi.image.frameNumber)).toEqual([2]);
    expect(only(r.issues)).toEqual([['error', 'frame number "x" is not a positive integer']]);
  });

  it('entered-in-error is skipped, not an error; an unknown status is a warning', () => {
    expect(issuesOf({ ...withRegion({ regionType: 'point', coordinate: [1, 1] }), status: 'entered-in-error' })).toEqual({ n: 0, issues: [] });
    const r = parseSelection({ ...withRegion({ regionType: 'point', coordinate: [1, 1] }), status: 'bogus' }, study);
    expect(r.rois[0]?.status).toBe('unknown');
    expect(only(r.issues)).toEqual([['warning', 'Unknown status "bogus"']]);
  });

  it('a bad region does not hide the good ones next to it', () => {
    const res = withRegion({ regionType: 'point', coordinate: [1, 1] });
    res.instance[0]!.imageRegion2D = [null, { regionType: 'point', coordinate: [2, 2] }] as never;
    const r = issuesOf(res);
    expect(r.n).toBe(1);
    expect(only(r.issues)).toEqual([['error', 'Region is null']]);
  });

  it('parses a 100,000-point polyline well under a second', () => {
    const coordinate: number[] = [];
    for (let k = 0; k < 100_000; k++) coordinate.push(256 + 200 * Math.cos(k / 1000), 256 + 200 * Math.sin(k / 7000));
    const res = withRegion({ regionType: 'polyline', coordinate });
    const t0 = performance.now();
    const r = parseSelection(res, study);
    const ms = performance.now() - t0;
    expect(r.issues).toEqual([]);
    expect(r.rois[0]?.roi.points).toHaveLength(100_000);
    expect(ms).toBeLessThan(250);
  });
});

describe('parseSelection: every code, both sopClass forms', () => {
  const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
  const circle = { regionType: 'circle', coordinate: [256, 256, 266, 256] };
  const coded = (code: unknown) => ({ ...withRegion(circle), code });

  it.each([
    ['121200 written by earlier versions', { coding: [{ system: DCM, code: '121200', display: 'Illustration of ROI' }] }],
    ['111030 image-region-2d', { coding: [{ system: DCM, code: '111030', display: 'Image Region' }] }],
    ['a code from another system', { coding: [{ system: 'http://loinc.org', code: '36643-5' }] }],
    ['text only', { text: 'Region selected from image' }],
  ])('shows a selection with regions whatever its code: %s', (_, code) => {
    const { rois: out, issues } = parseSelection(coded(code), study);
    expect(issues).toEqual([]);
    expect(out.map((p) => p.roi.kind)).toEqual(['circle']);
  });

  it.each([
    ['R5 examples: urn:ietf:rfc:3986 + urn:oid:', { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' }],
    ['the IG: part04 system + bare UID', { system: 'https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_B.5', code: '1.2.840.10008.5.1.4.1.1.2', display: 'CT Image Storage' }],
  ])('reads the SOP class in the form of %s', (_, sopClass) => {
    const { rois: out } = parseSelection(withRegion(circle, { sopClass }), study);
    expect(out[0]?.roi.image.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.2');
  });

  it('a 121200 ROI of an earlier version is written back as image-region-2d with the same region and id', () => {
    const legacy = { ...serializeSelection(rois.circle, ctx, { resourceId: 'old' }), meta: undefined, code: { coding: [{ system: DCM, code: '121200', display: 'Illustration of ROI' }] } };
    const loaded = parseSelection(legacy, study).rois[0]!.roi;
    const rewritten = serializeSelection(loaded, ctx, { resourceId: 'old' });
    expect(rewritten.code.coding?.[0]?.code).toBe('111030');
    expect(rewritten.meta?.profile).toEqual(['http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/image-region-2d']);
    expect(rewritten.instance).toEqual(legacy.instance);
    expect(loaded.id).toBe(rois.circle.id);
  });
});
