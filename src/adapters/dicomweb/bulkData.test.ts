import { describe, expect, it } from 'vitest';
import { dropForeignBulkData, firstPartBody, inlinePaletteLuts, isOnArchive, lutValues } from './bulkData';

const enc = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

describe('bulk data', () => {
  it('takes the first multipart part body', () => {
    const bytes = enc('--b1\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x00\x02\x01\r\n--b1--');
    expect([...firstPartBody(bytes, 'multipart/related; type="application/octet-stream"; boundary=b1')]).toEqual([1, 0, 2, 1]);
  });

  it('reads 16-bit little-endian LUT entries', () => {
    expect(lutValues(new Uint8Array([1, 0, 2, 1]), 16)).toEqual([1, 258]);
  });

  it('inlines palette LUTs given as BulkDataURI and leaves other images alone', async () => {
    const ds = {
      '00280004': { vr: 'CS', Value: ['PALETTE COLOR'] },
      '00281101': { vr: 'US', Value: [2, 0, 16] },
      '00281201': { vr: 'OW', BulkDataURI: 'http://x/r' },
      '00281202': { vr: 'OW', BulkDataURI: 'http://x/g' },
      '00281203': { vr: 'OW', BulkDataURI: 'http://x/b' },
    };
    const urls: string[] = [];
    const out = await inlinePaletteLuts(ds, async (url) => {
      urls.push(url);
      return { bytes: new Uint8Array([0, 1, 255, 255]), contentType: 'application/octet-stream' };
    });
    expect(urls.sort()).toEqual(['http://x/b', 'http://x/g', 'http://x/r']);
    expect(out['00281201']?.Value).toEqual([256, 65535]);
    const mono = { '00280004': { vr: 'CS', Value: ['MONOCHROME2'] } };
    expect(await inlinePaletteLuts(mono, async () => { throw new Error('no fetch'); })).toBe(mono);
  });
});

describe('BulkDataURI origin', () => {
  const root = 'https://viewer.example/dicom-web';
  it('accepts links on the archive (absolute or relative) and refuses every other place', () => {
    expect(isOnArchive('https://viewer.example/dicom-web/studies/1/bulk/2', root)).toBe(true);
    expect(isOnArchive('studies/1/bulk/2', root)).toBe(true);
    for (const bad of ['https://evil.example/dicom-web/studies/1', 'http://viewer.example/dicom-web/x', 'https://viewer.example/system', 'https://viewer.example/dicom-web/../system', '//evil.example/dicom-web/x', 'javascript:alert(1)', 'data:,x', 'https://viewer.example.evil.example/dicom-web/x']) {
      expect(isOnArchive(bad, root)).toBe(false);
    }
  });
  it('drops foreign BulkDataURIs at any depth, so nothing can follow them', async () => {
    const ds = {
      '00280004': { vr: 'CS', Value: ['PALETTE COLOR'] },
      '00281101': { vr: 'US', Value: [2, 0, 16] },
      '00281201': { vr: 'OW', BulkDataURI: 'https://evil.example/steal' },
      '00281202': { vr: 'OW', BulkDataURI: `${root}/studies/1/bulk/g` },
      '00400275': { vr: 'SQ', Value: [{ '00420011': { vr: 'OB', BulkDataURI: 'https://evil.example/nested' } }] },
    };
    const { ds: clean, refused } = dropForeignBulkData(ds, root);
    expect(refused).toBe(2);
    expect(JSON.stringify(clean)).not.toContain('evil.example');
    const urls: string[] = [];
    await inlinePaletteLuts(clean, async (url) => {
      urls.push(url);
      return { bytes: new Uint8Array([0, 1]), contentType: 'application/octet-stream' };
    });
    expect(urls).toEqual([`${root}/studies/1/bulk/g`]);
  });
});
