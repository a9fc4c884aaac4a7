import { describe, expect, it } from 'vitest';
import { sourceSrContentItem } from './sourceContentItem';
import { ctx, rois } from '../imaging-selection/testing/fixtures';
import { serializeSelection } from '../imaging-selection/serializeSelection';
import { parseSelection } from '../imaging-selection/parseSelection';

const ref = { studyUid: '1.2.3', seriesUid: '1.2.3.9', sopInstanceUid: '1.2.3.9.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33', observationUid: '2.25.42' };

describe('sourceSrContentItem', () => {
  it('is the IG source-sr-content-item shape: DCM 111040, the SR instance, subset = the Observation UID', () => {
    const { resource } = sourceSrContentItem(ref, ctx);
    expect(resource.code.coding![0]).toMatchObject({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '111040' });
    expect(resource).toMatchObject({ studyUid: '1.2.3', seriesUid: '1.2.3.9', subject: { reference: 'Patient/p1' } });
    expect(resource.instance).toEqual([{ uid: '1.2.3.9.1', sopClass: { system: 'urn:ietf:rfc:3986', code: 'urn:oid:1.2.840.10008.5.1.4.1.1.88.33' }, subset: ['2.25.42'] }]);
  });

  it('names one content item with one identifier, whoever adopts it', () => {
    expect(sourceSrContentItem(ref, ctx).uuid).toBe(sourceSrContentItem(ref, { ...ctx, issued: '2030-01-01T00:00:00Z' }).uuid);
    expect(sourceSrContentItem(ref, ctx).uuid).not.toBe(sourceSrContentItem({ ...ref, observationUid: '2.25.43' }, ctx).uuid);
  });
});

describe('focus on an adopted region', () => {
  it('is written by the serializer and read back by the parser, so an update writes it again', () => {
    const written = serializeSelection(rois.circle, ctx, { focus: 'ImagingSelection/src-1' });
    expect(written.focus).toEqual([{ reference: 'ImagingSelection/src-1' }]);
    const parsed = parseSelection({ ...written, id: 'sel-1', meta: { versionId: '1' } });
    expect(parsed.rois[0]!.server?.focus).toBe('ImagingSelection/src-1');
  });
});
