import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSegmentation } from './parseSegmentation';
import { decodeRle8, frameReader } from './segPixels';
import { buildLabelmap, type SourceImage } from './buildLabelmap';
import { segmentStats, sliceSpacing } from './segmentStats';
import { SEG_SOP_CLASS_UID, type SegmentationHeader } from './Segmentation';

const src = (i: number, extra: Partial<SourceImage> = {}): SourceImage => ({
  key: `img${i}`,
  sopInstanceUid: `1.2.3.${i}`,
  frameNumber: 1,
  rows: 2,
  columns: 4,
  frameOfReferenceUid: '1.9',
  imagePositionPatient: [0, 0, -i * 2],
  ...extra,
});

function frame(seg: number, sop: string | undefined, z: number) {
  return {
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: seg }],
    ...(sop ? { DerivationImageSequence: [{ SourceImageSequence: [{ ReferencedSOPInstanceUID: sop }] }] } : {}),
    PlanePositionSequence: [{ ImagePositionPatient: [0, 0, z] }],
  };
}

const dataset = (over: Record<string, unknown> = {}) => ({
  SOPClassUID: SEG_SOP_CLASS_UID,
  SOPInstanceUID: '1.2.99',
  SeriesInstanceUID: '1.2.98',
  FrameOfReferenceUID: '1.9',
  Rows: 2,
  Columns: 4,
  NumberOfFrames: 3,
  BitsAllocated: 1,
  SegmentationType: 'BINARY',
  SegmentSequence: [
    { SegmentNumber: 1, SegmentLabel: 'Body', RecommendedDisplayCIELabValue: [50394, 36212, 39922], SegmentedPropertyTypeCodeSequence: [{ CodeValue: '87784001', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Soft tissue' }] },
    { SegmentNumber: 2, SegmentLabel: 'Lung' },
  ],
  ReferencedSeriesSequence: [{ SeriesInstanceUID: '1.2.3' }],
  SharedFunctionalGroupsSequence: [{ PixelMeasuresSequence: [{ PixelSpacing: [0.5, 0.25] }] }],
  PerFrameFunctionalGroupsSequence: [frame(1, '1.2.3.0', 0), frame(1, '1.2.3.1', -2), frame(2, undefined, -2)],
  ...over,
});

describe('parseSegmentation', () => {
  it('reads segments, colours, frames and references', () => {
    const { header, issues } = parseSegmentation(dataset());
    expect(issues).toEqual([]);
    expect(header!.segments.map((s) => [s.number, s.label, s.colorFromSeg])).toEqual([
      [1, 'Body', true],
      [2, 'Lung', false],
    ]);
    expect(header!.segments[0]!.rgb).toEqual([230, 180, 140]);
    expect(header!.frames[0]).toEqual({ segmentNumber: 1, sourceSopInstanceUid: '1.2.3.0', imagePositionPatient: [0, 0, 0] });
    expect(header!.referencedSeriesUids).toEqual(['1.2.3']);
    expect(header!.pixelSpacing).toEqual([0.5, 0.25]);
  });
  it('refuses what is not a SEG, with a message', () => {
    expect(parseSegmentation({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.2' }).issues[0]!.message).toMatch(/Not a DICOM Segmentation/);
    expect(parseSegmentation(dataset({ PerFrameFunctionalGroupsSequence: [] })).issues[0]!.message).toMatch(/3 frames but 0/);
    expect(parseSegmentation(dataset({ SegmentSequence: [] })).header).toBeUndefined();
  });
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = parseSegmentation(v);
        expect(Array.isArray(r.issues)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('Rows', 'Columns', 'NumberOfFrames', 'SegmentSequence', 'PerFrameFunctionalGroupsSequence', 'BitsAllocated', 'SegmentationType'), fc.anything()), (over) => {
        parseSegmentation(dataset(over));
      }),
    );
  });
});

// 3 frames of 2×4 pixels, 1 bit each, packed back to back (LSB first): 24 bits = 3 bytes.
const packed = new Uint8Array([0b00000110, 0b11110000, 0b10000001]);

describe('frameReader + buildLabelmap', () => {
  const header = parseSegmentation(dataset()).header!;
  it('unpacks 1-bit frames and places them by SOP Instance UID, or by position', () => {
    const { read } = frameReader(header, { kind: 'native', bytes: packed });
    const { labelmap, issues } = buildLabelmap(header, read!, [src(0), src(1)]);
    expect(issues).toEqual([]);
    expect([...labelmap!.slices.get('img0')!]).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
    // Frame 3 (segment 2, placed by position z=-2) is drawn over frame 2 (segment 1).
    expect([...labelmap!.slices.get('img1')!]).toEqual([2, 0, 0, 0, 1, 1, 1, 2]);
    expect(labelmap!.voxelCounts.get(1)).toBe(5);
    expect(labelmap!.voxelCounts.get(2)).toBe(2);
    expect(labelmap!.slicesBySegment.get(1)).toEqual(['img0', 'img1']);
  });
  it('reports truncated pixel data', () => {
    expect(frameReader(header, { kind: 'native', bytes: packed.subarray(0, 2) }).issue!.message).toMatch(/truncated or corrupt/);
  });
  it('reports a SEG whose source images are absent', () => {
    const { read } = frameReader(header, { kind: 'native', bytes: packed });
    const r = buildLabelmap(header, read!, [src(0, { sopInstanceUid: '9.9', imagePositionPatient: [5, 5, 5] })]);
    expect(r.labelmap).toBeUndefined();
    expect(r.issues[0]!.message).toMatch(/not in this study/);
  });
  it('refuses a different Frame of Reference', () => {
    const { read } = frameReader(header, { kind: 'native', bytes: packed });
    const r = buildLabelmap(header, read!, [src(0, { frameOfReferenceUid: '1.8' }), src(1, { frameOfReferenceUid: '1.8' })]);
    expect(r.labelmap).toBeUndefined();
    expect(r.issues[0]!.message).toMatch(/Frame of Reference/);
  });
  it('thresholds fractional frames at half the maximum', () => {
    const h: SegmentationHeader = { ...header, segmentationType: 'FRACTIONAL', bitsAllocated: 8, maxFractionalValue: 255, numberOfFrames: 1, frames: [header.frames[0]!] };
    const bytes = new Uint8Array([0, 127, 128, 255, 0, 0, 0, 200]);
    const r = buildLabelmap(h, frameReader(h, { kind: 'native', bytes }).read!, [src(0)]);
    expect([...r.labelmap!.slices.get('img0')!]).toEqual([0, 0, 1, 1, 0, 0, 0, 1]);
  });
});

describe('decodeRle8', () => {
  const rle = (body: number[]) => {
    const h = new Uint8Array(64 + body.length);
    const v = new DataView(h.buffer);
    v.setUint32(0, 1, true);
    v.setUint32(4, 64, true);
    h.set(body, 64);
    return h;
  };
  it('decodes literal and replicate runs', () => {
    const out = new Uint8Array(6);
    expect(decodeRle8(rle([1, 7, 8, 0xfd, 9]), out)).toBe(true);
    expect([...out]).toEqual([7, 8, 9, 9, 9, 9]);
  });
  it('rejects a short or overlong stream', () => {
    expect(decodeRle8(rle([0xfd, 9]), new Uint8Array(6))).toBe(false);
    expect(decodeRle8(rle([0xf9, 9]), new Uint8Array(6))).toBe(false);
    expect(decodeRle8(new Uint8Array(10), new Uint8Array(6))).toBe(false);
  });
});

describe('segmentStats', () => {
  const header = parseSegmentation(dataset()).header!;
  const { labelmap } = buildLabelmap(header, frameReader(header, { kind: 'native', bytes: packed }).read!, [src(0), src(1)]);
  it('volume = voxels × pixel area × slice spacing; mean over the segment pixels', () => {
    const spacing = sliceSpacing([src(0), src(1)]);
    expect(spacing).toBe(2);
    const values = new Map([
      ['img0', [0, 10, 20, 0, 0, 0, 0, 0]],
      ['img1', [0, 0, 0, 0, 30, 40, 50, 0]],
    ]);
    const s = segmentStats(labelmap!, 1, { pixelSpacing: [0.5, 0.25], sliceSpacing: spacing }, (k) => values.get(k));
    expect(s).toEqual({ segmentNumber: 1, voxels: 5, volumeMm3: 5 * 0.5 * 0.25 * 2, mean: 30 });
  });
  it('gives no mean when a slice has no values', () => {
    expect(segmentStats(labelmap!, 1, {}, () => undefined)).toEqual({ segmentNumber: 1, voxels: 5 });
  });
});
