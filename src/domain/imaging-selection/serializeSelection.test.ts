import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeSelection } from './serializeSelection';
import { parseSelection } from './parseSelection';
import { ctx, ctxFor, rois, study } from './testing/fixtures';

const goldenUrl = (name: string) => new URL(`./golden/${name}.json`, import.meta.url);
const render = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('serializeSelection golden files', () => {
  for (const [name, roi] of Object.entries(rois)) {
    it(`${name} matches golden/${name}.json byte for byte`, () => {
      const out = serializeSelection(roi, ctxFor(roi));
      // Regenerate deliberately with UPDATE_GOLDEN=1, then review the diff.
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenUrl(name), render(out));
      const text = readFileSync(goldenUrl(name), 'utf8');
      expect(out).toStrictEqual(JSON.parse(text));
      expect(JSON.stringify(out)).toBe(JSON.stringify(JSON.parse(text)));
      expect(render(out)).toBe(text);
    });
  }
});

describe('serializeSelection', () => {
  it('follows the IG profile image-region-2d and its base profile', () => {
    const out = serializeSelection(rois.circle, ctx);
    expect(out.meta).toEqual({ profile: ['http://hl7.org/fhir/uv/dicom-sr/StructureDefinition/image-region-2d'] });
    expect(out.code).toEqual({ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '111030', display: 'Image Region' }] });
    expect(out.subject.type).toBe('Patient');
    expect(out.basedOn).toEqual([
      {
        type: 'ServiceRequest',
        identifier: { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN', display: 'Accession ID' }] }, value: 'ACC-0042' },
      },
    ]);
    expect(out.studyUid).toBe(ctx.studyUid);
    expect(out.seriesUid).toBe(ctx.seriesUid);
    expect(out.seriesNumber).toBe(3);
    expect(out.frameOfReferenceUid).toBe(ctx.frameOfReferenceUid);
    expect(out.instance).toHaveLength(1);
    expect(out.instance[0]).toMatchObject({ uid: ctx.instance.sopInstanceUid, number: 12 });
    expect(out.instance[0]?.imageRegion2D).toHaveLength(1);
    expect(out.derivedFrom).toEqual([
      {
        reference: 'ImagingStudy/study-1',
        type: 'ImagingStudy',
        identifier: {
          type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110180', display: 'Study Instance UID' }] },
          system: 'urn:dicom:uid',
          value: `urn:oid:${ctx.studyUid}`,
        },
      },
    ]);
    expect(out.identifier).toEqual([{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${rois.circle.id}` }]);
    expect(out.instance[0]?.sopClass).toEqual({ system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.2' });
  });

  it('writes no undefined keys and omits optional parts that are unknown', () => {
    const bare = { ...ctx, accessionNumber: undefined, imagingStudyId: undefined, performer: undefined, seriesNumber: undefined, frameOfReferenceUid: undefined };
    const out = serializeSelection(rois.circle, bare);
    const json = JSON.stringify(out);
    expect(JSON.parse(json)).toStrictEqual(out);
    expect(out).not.toHaveProperty('performer');
    expect(out).not.toHaveProperty('basedOn'); // no accession number
    expect(out).not.toHaveProperty('category'); // empty label, no finding
    expect(out.derivedFrom[0]).not.toHaveProperty('reference');
    expect(out.instance[0]).not.toHaveProperty('subset');
    const hasUndefined = (v: unknown): boolean =>
      v !== null && typeof v === 'object' && Object.values(v).some((x) => x === undefined || hasUndefined(x));
    expect(hasUndefined(out)).toBe(false);
  });

  it('honours a code override, a deletion status and a server id', () => {
    const out = serializeSelection(rois.point, { ...ctx, code: { system: 'http://example.org', code: 'X', display: 'Other' } }, { status: 'entered-in-error', resourceId: 'abc' });
    expect(out.code).toEqual({ coding: [{ system: 'http://example.org', code: 'X', display: 'Other' }] });
    expect(out).not.toHaveProperty('meta'); // another code is not image-region-2d
    expect(out.status).toBe('entered-in-error');
    expect(out.id).toBe('abc');
    expect(Object.keys(out).slice(0, 3)).toEqual(['resourceType', 'id', 'text']);
  });

  it('rounds coordinates to 4 decimals and repeats the first point of closed paths', () => {
    const roi = { ...rois.polygon, points: [[1.123456, 2], [3, 4.99999], [5, 1]] as const };
    expect(serializeSelection(roi, ctx).instance[0]?.imageRegion2D?.[0]?.coordinate).toEqual([1.1235, 2, 3, 5, 5, 1, 1.1235, 2]);
  });

  it('puts the label in the category text and escapes it in the narrative', () => {
    const label = '<img src=x onerror=alert(1)> & "q"';
    const out = serializeSelection({ ...rois.point, label }, ctx);
    expect(out.category).toEqual([{ text: label }]);
    expect(out.text?.div).not.toContain('<img');
    expect(out.text?.div).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
  });
});

describe('round trip serialize → parse', () => {
  for (const [name, roi] of Object.entries(rois)) {
    if (roi.kind === 'multipoint') continue;
    it(`${name} comes back identical`, () => {
      const { rois: parsed, issues } = parseSelection(serializeSelection(roi, ctxFor(roi)), study);
      expect(issues).toEqual([]);
      expect(parsed).toHaveLength(1);
      expect(parsed[0]?.roi).toStrictEqual(roi);
      expect(parsed[0]?.status).toBe('available');
    });
  }

  for (const [name, roi] of Object.entries(rois)) {
    if (roi.kind === 'multipoint') continue;
    it(`${name}: re-serialising the loaded resource gives the same bytes`, () => {
      const bytes = JSON.stringify(serializeSelection(roi, ctxFor(roi), { resourceId: 'r1' }));
      const stored = { ...JSON.parse(bytes), meta: { versionId: '1', lastUpdated: '2025-01-02T03:04:06Z', profile: [] } };
      const loaded = parseSelection(stored, study).rois[0]?.roi;
      expect(loaded).toBeDefined();
      expect(JSON.stringify(serializeSelection(loaded!, ctxFor(roi), { resourceId: 'r1' }))).toBe(bytes);
    });
  }

  it('multipoint (R6 only) is written as R5 point regions, one per instance entry (image-region-2d: one region each), and reads back as points', () => {
    const written = serializeSelection(rois.multipoint, ctx);
    expect(written.instance.map((i) => [i.uid, i.imageRegion2D?.length])).toEqual([[ctx.instance.sopInstanceUid, 1], [ctx.instance.sopInstanceUid, 1]]);
    const { rois: parsed, issues } = parseSelection(written, study);
    expect(issues).toEqual([]);
    expect(parsed.map((p) => [p.roi.kind, p.roi.points])).toEqual([
      ['point', [[1, 2]]],
      ['point', [[3, 4]]],
    ]);
    expect(parsed[0]?.roi.id).not.toBe(parsed[1]?.roi.id);
  });

  it('a deleted ROI (entered-in-error) is skipped without an issue', () => {
    expect(parseSelection(serializeSelection(rois.circle, ctx, { status: 'entered-in-error' }), study)).toEqual({ rois: [], issues: [] });
  });
});
