import { describe, expect, it } from 'vitest';
import { buildStack, sortInstances } from './buildStack';
import { parseInstance } from './parseInstance';
import { parseSeries, parseStudies } from './parseQido';
import type { DicomJson } from './dicomJson';
import type { InstanceMeta } from './models';

const ds = (o: Record<string, [string, unknown[]]>): DicomJson =>
  Object.fromEntries(Object.entries(o).map(([tag, [vr, Value]]) => [tag, { vr, Value }]));

function ct(uid: string, z: number, n: number | undefined): DicomJson {
  return ds({
    '0020000D': ['UI', ['1.2']],
    '0020000E': ['UI', ['1.2.3']],
    '00080018': ['UI', [uid]],
    '00080016': ['UI', ['1.2.840.10008.5.1.4.1.1.2']],
    '00280010': ['US', [512]],
    '00280011': ['US', [512]],
    '00200032': ['DS', [-100, -100, z]],
    '00200037': ['DS', [1, 0, 0, 0, 1, 0]],
    '00280030': ['DS', [0.7, 0.7]],
    ...(n === undefined ? {} : { '00200013': ['IS', [n]] }),
  });
}

const inst = (d: DicomJson): InstanceMeta => parseInstance(d).instance!;

describe('parseInstance', () => {
  it('reads geometry, numbers given as strings, and defaults frames to 1', () => {
    const i = inst({ ...ct('1.2.3.1', 5, 1), ...ds({ '00280030': ['DS', ['0.5', '0.25']] }) });
    expect(i.pixelSpacing).toEqual([0.5, 0.25]);
    expect(i.imagePositionPatient).toEqual([-100, -100, 5]);
    expect(i.numberOfFrames).toBe(1);
  });

  it('reports an instance without Rows instead of throwing', () => {
    const d = ct('1.2.3.1', 0, 1);
    delete d['00280010'];
    const r = parseInstance(d);
    expect(r.instance).toBeUndefined();
    expect(r.problem?.message).toMatch(/Rows\/Columns/);
  });

  it('allows missing geometry (pixel coordinates)', () => {
    const d = ct('1.2.3.1', 0, 1);
    delete d['00200032'];
    delete d['00280030'];
    const i = inst(d);
    expect(i.imagePositionPatient).toBeUndefined();
    expect(i.pixelSpacing).toBeUndefined();
  });

  it('reads per-frame positions of an enhanced multi-frame instance', () => {
    const d: DicomJson = {
      ...ds({ '0020000D': ['UI', ['1.2']], '0020000E': ['UI', ['1.2.3']], '00080018': ['UI', ['1.2.3.99']], '00280010': ['US', [64]], '00280011': ['US', [64]], '00280008': ['IS', [3]] }),
      '52009229': { vr: 'SQ', Value: [{ '00289110': { vr: 'SQ', Value: [{ '00280030': { vr: 'DS', Value: [2, 2] } }] } }] },
      '52009230': {
        vr: 'SQ',
        Value: [0, 1, 2].map((k) => ({ '00209113': { vr: 'SQ', Value: [{ '00200032': { vr: 'DS', Value: [0, 0, k * 3] } }] } })),
      },
    };
    const i = inst(d);
    expect(i.numberOfFrames).toBe(3);
    expect(i.pixelSpacing).toEqual([2, 2]);
    expect(i.framePositions?.map((p) => p?.[2])).toEqual([0, 3, 6]);
    expect(i.imagePositionPatient).toEqual([0, 0, 0]);
  });
});

describe('sorting and frame expansion', () => {
  it('sorts by position along the normal, in InstanceNumber direction, whatever the upload order', () => {
    const shuffled = [ct('1.2.3.3', 2, 3), ct('1.2.3.1', 0, 1), ct('1.2.3.2', 1, 2)].map(inst);
    expect(sortInstances(shuffled).map((i) => i.sopInstanceUid)).toEqual(['1.2.3.1', '1.2.3.2', '1.2.3.3']);
    const reversed = [ct('1.2.3.3', 0, 3), ct('1.2.3.1', 2, 1), ct('1.2.3.2', 1, 2)].map(inst);
    expect(sortInstances(reversed).map((i) => i.sopInstanceUid)).toEqual(['1.2.3.1', '1.2.3.2', '1.2.3.3']);
  });

  it('position wins over a wrong InstanceNumber', () => {
    const list = [ct('1.2.3.24', 0, 1), ct('1.2.3.25', 2, 2), ct('1.2.3.26', 1, 3)].map(inst);
    expect(sortInstances(list).map((i) => i.sopInstanceUid)).toEqual(['1.2.3.24', '1.2.3.26', '1.2.3.25']);
  });

  it('falls back to InstanceNumber without geometry', () => {
    const noGeo = (uid: string, n: number) => {
      const d = ct(uid, 0, n);
      delete d['00200032'];
      return inst(d);
    };
    expect(sortInstances([noGeo('1.2.3.2', 2), noGeo('1.2.3.1', 1)]).map((i) => i.sopInstanceUid)).toEqual(['1.2.3.1', '1.2.3.2']);
  });

  it('expands multi-frame instances into one image per frame with frame imageIds', () => {
    const mf = inst({ ...ct('1.2.3.99', 0, 1), '00280008': { vr: 'IS', Value: [24] } });
    const stack = buildStack([mf], 'http://h/dicom-web');
    expect(stack).toHaveLength(24);
    expect(stack[4]!.frameNumber).toBe(5);
    expect(stack[4]!.isMultiframe).toBe(true);
    expect(stack[4]!.imageId).toBe('wadors:http://h/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.99/frames/5');
  });
});

describe('QIDO parsing', () => {
  it('reads studies with lenient dates and person names', () => {
    const [s] = parseStudies([
      ds({ '0020000D': ['UI', ['1.2']], '00100010': ['PN', [{ Alphabetic: 'DOE^JANE' }]], '00100020': ['LO', ['P1']], '00080020': ['DA', ['1993.04.30']], '00080061': ['CS', ['CT', 'SEG']] }),
    ]);
    expect(s).toMatchObject({ studyUid: '1.2', patientName: 'DOE, JANE', patientId: 'P1', studyDate: '1993-04-30', modalities: ['CT', 'SEG'] });
  });

  it('marks SR/SEG/RTSTRUCT series as not images and sorts by series number', () => {
    const series = parseSeries([
      ds({ '0020000E': ['UI', ['s2']], '00080060': ['CS', ['SEG']], '00200011': ['IS', [2]] }),
      ds({ '0020000E': ['UI', ['s1']], '00080060': ['CS', ['CT']], '00200011': ['IS', [1]] }),
      ds({ '0020000E': ['UI', ['s3']], '00080060': ['CS', ['RTSTRUCT']], '00200011': ['IS', [3]] }),
    ]);
    expect(series.map((s) => [s.seriesUid, s.isImage])).toEqual([['s1', true], ['s2', false], ['s3', false]]);
  });

  it('ignores junk instead of throwing', () => {
    expect(parseStudies({ not: 'an array' })).toEqual([]);
    expect(parseSeries([null, 3, 'x'])).toEqual([]);
  });
});

describe('UIDs that would become URL paths', () => {
  it('refuses an instance whose UIDs hold path or query characters', () => {
    for (const [tag, bad] of [['00080018', '1.2/../../system'], ['0020000E', '1.2.3?x=1'], ['0020000D', '..']] as const) {
      const d = { ...ct('1.2.3.1', 0, 1), [tag]: { vr: 'UI', Value: [bad] } };
      const r = parseInstance(d);
      expect(r.instance).toBeUndefined();
      expect(r.problem?.message).toMatch(/not a valid DICOM UID/);
      expect(r.problem?.message).not.toContain(bad);
    }
  });
});
