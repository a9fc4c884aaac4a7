import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { readPart10 } from './readPart10';
import { parseSegmentation } from '../../domain/segmentation/parseSegmentation';
import { frameReader } from '../../domain/segmentation/segPixels';
import { multipartFirstBody } from './bulkData';

const SAMPLES = path.resolve(__dirname, '../../../.stack-data/samples/ct-200');
const haveSamples = fs.existsSync(path.join(SAMPLES, 'seg-binary.dcm'));

describe('readPart10', () => {
  it('turns garbage into a message, not an exception', () => {
    const r = readPart10(new Uint8Array([1, 2, 3, 4]));
    expect(r.part10).toBeUndefined();
    expect(r.error).toMatch(/could not be read as DICOM/);
  });
  it('finds the body of a one-part multipart/related response', () => {
    const enc = new TextEncoder();
    const body = new Uint8Array([0, 13, 10, 45, 45, 255]);
    const msg = new Uint8Array([...enc.encode('--b1\r\nContent-Type: application/dicom\r\n\r\n'), ...body, ...enc.encode('\r\n--b1--\r\n')]);
    expect([...multipartFirstBody(msg, 'multipart/related; type="application/dicom"; boundary=b1')]).toEqual([...body]);
  });
  // The generated samples (npm run setup) hold the highdicom SEGs; read them as the viewer does.
  it.runIf(haveSamples)('reads the highdicom SEG samples (binary native, fractional RLE)', () => {
    for (const [file, frames, segments] of [['seg-binary.dcm', 420, 3], ['seg-fractional.dcm', 229, 2]] as const) {
      const { part10 } = readPart10(new Uint8Array(fs.readFileSync(path.join(SAMPLES, file))));
      const { header, issues } = parseSegmentation(part10!.dataset);
      expect(issues).toEqual([]);
      expect(header!.numberOfFrames).toBe(frames);
      expect(header!.segments).toHaveLength(segments);
      const { read, issue } = frameReader(header!, part10!.pixels!);
      expect(issue).toBeUndefined();
      const out = new Uint8Array(header!.rows * header!.columns);
      expect(read!(frames - 1, out)).toBe(true);
      expect(out.some((v) => v > 0)).toBe(true);
    }
  }, 60_000); // two files of 12–14 MB parsed by dcmjs: several seconds on a loaded machine
});
