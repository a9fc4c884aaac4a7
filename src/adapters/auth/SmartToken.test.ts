import { describe, expect, it, vi } from 'vitest';
import { SmartToken } from './SmartToken';

describe('SmartToken', () => {
  it('renews before expiry (within the skew), once for concurrent callers', async () => {
    let now = 1_000_000;
    const refresh = vi.fn(async () => ({ accessToken: 'new', expiresAt: 2_000 }));
    const t = new SmartToken({ initial: { accessToken: 'old', expiresAt: 1_100 }, refresh, onRelaunchNeeded: vi.fn(), skewMs: 60_000, now: () => now });
    await expect(t.authHeader()).resolves.toBe('Bearer old');
    now = 1_050_000; // 50 s before expiry: inside the skew
    expect(t.current()).toBeUndefined();
    const [a, b] = await Promise.all([t.authHeader(), t.authHeader()]);
    expect([a, b]).toEqual(['Bearer new', 'Bearer new']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('asks the user to relaunch, once, when it cannot be renewed, and fails requests clearly', async () => {
    let now = 1_000_000;
    const relaunch = vi.fn();
    const t = new SmartToken({ initial: { accessToken: 'old', expiresAt: 1_010 }, onRelaunchNeeded: relaunch, now: () => now });
    now = 1_020_000;
    await expect(t.authHeader()).rejects.toThrow(/relaunch/);
    await expect(t.authHeader()).rejects.toThrow(/relaunch/);
    expect(await t.renew()).toBe(false);
    expect(relaunch).toHaveBeenCalledTimes(1);
  });

  it('a 401 renews the token (a refused refresh means relaunch)', async () => {
    const relaunch = vi.fn();
    const refresh = vi.fn().mockResolvedValueOnce({ accessToken: 'second' }).mockResolvedValueOnce(undefined);
    const t = new SmartToken({ initial: { accessToken: 'first' }, refresh, onRelaunchNeeded: relaunch });
    expect(await t.renew()).toBe(true);
    expect(t.current()).toBe('Bearer second');
    expect(await t.renew()).toBe(false);
    expect(relaunch).toHaveBeenCalledTimes(1);
    expect(t.current()).toBeUndefined();
  });

  it('a 401 from DICOMweb that cannot be renewed does not end the FHIR session', async () => {
    const relaunch = vi.fn();
    const t = new SmartToken({ initial: { accessToken: 'a' }, refresh: async () => undefined, onRelaunchNeeded: relaunch });
    expect(await t.renew('dicomweb')).toBe(false);
    expect(t.current()).toBe('Bearer a');
    await expect(t.authHeader()).resolves.toBe('Bearer a');
    expect(relaunch).not.toHaveBeenCalled();
  });

  it('a throwing refresh is a failed renewal, not an exception', async () => {
    const relaunch = vi.fn();
    const t = new SmartToken({ initial: { accessToken: 'a' }, refresh: () => Promise.reject(new Error('network')), onRelaunchNeeded: relaunch });
    expect(await t.renew()).toBe(false);
    expect(relaunch).toHaveBeenCalledTimes(1);
  });
});
