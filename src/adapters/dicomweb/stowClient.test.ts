import { describe, expect, it } from 'vitest';
import { createStowClient, multipartBody, parseStowResponse } from './stowClient';
import { DicomWebError } from './DicomWebError';

const dec = (u: Uint8Array) => new TextDecoder('latin1').decode(u);

describe('multipartBody', () => {
  it('frames each part with the boundary and ends with the closing delimiter', () => {
    const body = dec(multipartBody([new Uint8Array([1, 2]), new Uint8Array([3])], 'B'));
    expect(body).toBe('--B\r\nContent-Type: application/dicom\r\n\r\n\x01\x02\r\n--B\r\nContent-Type: application/dicom\r\n\r\n\x03\r\n--B--\r\n');
  });
});

describe('parseStowResponse', () => {
  it('lists stored and failed SOP instances', () => {
    const json = {
      '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] },
      '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.4'] }, '00081197': { vr: 'US', Value: [272] } }] },
    };
    expect(parseStowResponse(json)).toEqual({ stored: ['1.2.3'], failed: [{ sopInstanceUid: '1.2.4', reason: 272 }] });
  });
  it('gives empty lists for anything else', () => {
    for (const v of [undefined, null, 'x', 7, [], {}, { '00081199': { Value: 'nope' } }]) expect(parseStowResponse(v)).toEqual({ stored: [], failed: [] });
  });
});

describe('createStowClient', () => {
  it('POSTs multipart/related to <root>/studies with the auth header', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fetch = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response(JSON.stringify({ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['9.9'] } }] } }), { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const out = await createStowClient({ stowRoot: '/dicom-web', fetch, getAuthHeader: () => 'Bearer t' }).store([new Uint8Array([0])]);
    expect(out.stored).toEqual(['9.9']);
    expect(seen?.url).toBe('/dicom-web/studies');
    const h = seen?.init.headers as Record<string, string>;
    expect(h['Content-Type']).toMatch(/^multipart\/related; type="application\/dicom"; boundary=roi-viewer-[0-9a-f]{32}$/);
    expect(h.Authorization).toBe('Bearer t');
  });
  it('explains a proxy or archive that does not accept STOW', async () => {
    const fetch = (async () => new Response('', { status: 405 })) as unknown as typeof globalThis.fetch;
    await expect(createStowClient({ stowRoot: '/d', fetch }).store([])).rejects.toThrow(DicomWebError);
    await expect(createStowClient({ stowRoot: '/d', fetch }).store([])).rejects.toThrow(/STOW-RS is not enabled/);
  });
  it('reports a 409 per instance rather than throwing', async () => {
    const body = { '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.1'] } }] } };
    const fetch = (async () => new Response(JSON.stringify(body), { status: 409 })) as unknown as typeof globalThis.fetch;
    expect(await createStowClient({ stowRoot: '/d', fetch }).store([new Uint8Array(1)])).toEqual({ stored: [], failed: [{ sopInstanceUid: '1.1' }] });
  });
});
