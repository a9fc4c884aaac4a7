import { describe, expect, it, vi } from 'vitest';
import { HostToken } from './HostToken';
import { retryOn401 } from './retryOn401';

describe('HostToken', () => {
  it('waits for the host when there is no token, asking once for concurrent requests', async () => {
    const asked = vi.fn();
    const t = new HostToken({ onTokenNeeded: asked, waitMs: 1000 });
    const a = t.authHeader();
    const b = t.authHeader();
    expect(asked).toHaveBeenCalledTimes(1);
    t.set('tok');
    await expect(a).resolves.toBe('Bearer tok');
    await expect(b).resolves.toBe('Bearer tok');
  });

  it('treats a token past its expiresAt (with skew) as missing', async () => {
    let now = 1_000_000;
    const asked = vi.fn();
    const t = new HostToken({ onTokenNeeded: asked, waitMs: 1000, skewMs: 5000, now: () => now });
    t.set('old', 1010); // 1_010_000 ms
    expect(t.current()).toBe('Bearer old');
    now = 1_006_000;
    expect(t.current()).toBeUndefined();
    const h = t.authHeader();
    expect(asked).toHaveBeenCalledTimes(1);
    t.set('new', 2000);
    await expect(h).resolves.toBe('Bearer new');
  });

  it('gives up after waitMs, so a request fails instead of hanging', async () => {
    vi.useFakeTimers();
    try {
      const t = new HostToken({ onTokenNeeded: () => undefined, waitMs: 50 });
      const h = t.authHeader();
      const expectation = expect(h).rejects.toThrow(/access token/);
      await vi.advanceTimersByTimeAsync(60);
      await expectation;
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a 401 drops the refused token and resolves true when a new one arrives', async () => {
    const t = new HostToken({ onTokenNeeded: () => undefined, waitMs: 1000 });
    t.set('refused');
    const r = t.rejected();
    expect(t.current()).toBeUndefined();
    t.set('fresh');
    await expect(r).resolves.toBe(true);
    expect(t.current()).toBe('Bearer fresh');
  });

  it('a 401 from DICOMweb does not take the token from FHIR, and the other way round', async () => {
    const t = new HostToken({ onTokenNeeded: () => undefined, waitMs: 1000 });
    t.set('shared');
    const r = t.rejected('dicomweb');
    expect(t.current('dicomweb')).toBeUndefined();
    expect(t.current('fhir')).toBe('Bearer shared');
    await expect(t.authHeader('fhir')).resolves.toBe('Bearer shared');
    t.set('next');
    await expect(r).resolves.toBe(true);
    expect(t.current('dicomweb')).toBe('Bearer next');
    const f = t.rejected('fhir');
    expect(t.current('fhir')).toBeUndefined();
    expect(t.current('dicomweb')).toBe('Bearer next');
    t.set('third');
    await expect(f).resolves.toBe(true);
  });

  it('a throwing onTokenNeeded does not break the request path', async () => {
    const t = new HostToken({ onTokenNeeded: () => { throw new Error('no host'); }, waitMs: 1000 });
    const h = t.authHeader();
    t.set('x');
    await expect(h).resolves.toBe('Bearer x');
  });
});

describe('retryOn401', () => {
  it('repeats a 401 once with the new token', async () => {
    const calls: Array<string | null> = [];
    const f = vi.fn(async (_u: RequestInfo | URL, init?: RequestInit) => {
      calls.push(new Headers(init?.headers).get('Authorization'));
      return new Response('', { status: calls.length === 1 ? 401 : 200 });
    });
    let token = 'Bearer a';
    const wrapped = retryOn401(f as typeof fetch, () => token, async () => ((token = 'Bearer b'), true));
    const res = await wrapped('/x', { headers: { Authorization: 'Bearer a' } });
    expect(res.status).toBe(200);
    expect(calls).toEqual(['Bearer a', 'Bearer b']);
  });

  it('returns the 401 when no token comes', async () => {
    const f = vi.fn(async () => new Response('', { status: 401 }));
    const res = await retryOn401(f as typeof fetch, () => undefined, async () => false)('/x');
    expect(res.status).toBe(401);
    expect(f).toHaveBeenCalledTimes(1);
  });
});
