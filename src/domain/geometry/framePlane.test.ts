import { describe, expect, it } from 'vitest';
import { framePlane, multiFrameGeometryFromDicomJson, type MultiFrameGeometry } from './framePlane';
import { imageToWorld } from './imagePlane';

const ds = (vr: string, ...Value: unknown[]) => ({ vr, Value });

describe('framePlane', () => {
  const g: MultiFrameGeometry = {
    rows: 4,
    columns: 4,
    numberOfFrames: 3,
    topLevel: {},
    shared: { imageOrientationPatient: [1, 0, 0, 0, 1, 0], pixelSpacing: [2, 1] },
    perFrame: [0, 1, 2].map((k) => ({ imagePositionPatient: [0, 0, 5 * k] as const })),
  };

  it('uses the position of the requested frame and the shared orientation/spacing', () => {
    const p3 = framePlane(g, 3);
    expect(p3?.imagePositionPatient).toEqual([0, 0, 10]);
    expect(imageToWorld(p3!, [1.5, 1.5])).toEqual([1, 2, 10]);
  });

  it('rejects frame numbers out of range', () => {
    expect(framePlane(g, 0)).toBeUndefined();
    expect(framePlane(g, 4)).toBeUndefined();
    expect(framePlane(g, 1.5)).toBeUndefined();
  });

  it('falls back to top-level attributes for legacy multi-frame', () => {
    const legacy: MultiFrameGeometry = { ...g, shared: {}, perFrame: [], topLevel: { imagePositionPatient: [1, 2, 3] } };
    expect(framePlane(legacy, 2)?.imagePositionPatient).toEqual([1, 2, 3]);
  });
});

describe('multiFrameGeometryFromDicomJson', () => {
  it('reads Enhanced per-frame positions from DICOM JSON (numbers or strings)', () => {
    const frame = (z: number) => ({ '00209113': ds('SQ', { '00200032': ds('DS', 0, 0, String(z)) }) });
    const json = {
      '00280010': ds('US', 8),
      '00280011': ds('US', 6),
      '00280008': ds('IS', '2'),
      '52009229': ds('SQ', {
        '00209116': ds('SQ', { '00200037': ds('DS', 1, 0, 0, 0, 1, 0) }),
        '00289110': ds('SQ', { '00280030': ds('DS', '0.7', '0.3') }),
      }),
      '52009230': ds('SQ', frame(-5), frame(-2.5)),
    };
    const { geometry, issues } = multiFrameGeometryFromDicomJson(json);
    expect(issues).toEqual([]);
    expect(geometry?.numberOfFrames).toBe(2);
    expect(geometry && framePlane(geometry, 2)).toEqual({
      rows: 8,
      columns: 6,
      imagePositionPatient: [0, 0, -2.5],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      pixelSpacing: [0.7, 0.3],
    });
  });

  it('reports instead of throwing on garbage', () => {
    expect(multiFrameGeometryFromDicomJson(null).issues).toHaveLength(1);
    expect(multiFrameGeometryFromDicomJson('x').geometry).toBeUndefined();
    const r = multiFrameGeometryFromDicomJson({ '00280010': ds('US', 2), '00280011': ds('US', 2), '00200032': ds('DS', 'a', 1, 2) });
    expect(r.geometry?.topLevel).toEqual({});
  });
});
