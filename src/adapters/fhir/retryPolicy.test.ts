import { describe, expect, it, vi } from 'vitest';
import { FhirError } from './FhirError';
import type { FhirErrorKind } from './FhirError';
import { outcomeOf } from './outcomes';
import { isTransient, retryDelayMs, withRetry } from './retryPolicy';

const err = (kind: FhirErrorKind, status?: number, retryAfterMs?: number) =>
  new FhirError({ kind, outcome: outcomeOf('error', 'exception', 'x'), ...(status ? { status } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

function failing(...errors: unknown[]) {
  let n = 0;
  return vi.fn(async () => {
    const e = errors[n++];
    if (e === undefined) return 'ok';
    throw e;
  });
}

const noWait = () => ({ sleep: vi.fn(async (_ms: number) => {}), random: () => 0.5 });

describe('isTransient', () => {
  it('is true for network, 5xx, 408 and 429 only', () => {
    expect(isTransient(err('network'))).toBe(true);
    expect(isTransient(err('http', 503))).toBe(true);
    expect(isTransient(err('http', 429))).toBe(true);
    expect(isTransient(err('http', 408))).toBe(true);
    expect(isTransient(err('http', 404))).toBe(false);
    expect(isTransient(err('http', 400))).toBe(false);
    expect(isTransient(err('conflict', 409))).toBe(false);
    expect(isTransient(err('unauthorized', 401))).toBe(false);
    expect(isTransient(new Error('other'))).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('obeys Retry-After exactly, whatever the backoff would say', () => {
    expect(retryDelayMs(err('http', 503, 60_000), 1, { maxDelayMs: 1000, random: () => 0.99 })).toBe(60_000);
    expect(retryDelayMs(err('http', 429, 0), 5, { random: () => 0.99 })).toBe(0);
  });

  it('otherwise doubles per failure with full jitter, capped at maxDelayMs', () => {
    const o = { baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0.5 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(err('network'), n, o))).toEqual([500, 1000, 2000, 2500, 2500]);
  });
});

describe('withRetry', () => {
  it('retries an idempotent request through transient failures', async () => {
    const fn = failing(err('network'), err('http', 502));
    const { sleep, random } = noWait();
    await expect(withRetry(fn, { isIdempotent: true, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, sleep, random })).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    // Full jitter: random() × base·2^(attempt−1).
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([50, 100]);
  });

  it('never retries a request that is not idempotent (a plain POST could duplicate an ROI)', async () => {
    const fn = failing(err('network'));
    const { sleep, random } = noWait();
    await expect(withRetry(fn, { isIdempotent: false, maxAttempts: 5, sleep, random })).rejects.toMatchObject({ kind: 'network' });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('does not retry client errors or conflicts', async () => {
    for (const e of [err('http', 422), err('conflict', 412), err('unauthorized', 401), new TypeError('bug')]) {
      const fn = failing(e);
      await expect(withRetry(fn, { isIdempotent: true, ...noWait() })).rejects.toBe(e);
      expect(fn).toHaveBeenCalledTimes(1);
    }
  });

  it('stops after maxAttempts and rethrows the last error', async () => {
    const last = err('http', 504);
    const fn = failing(err('http', 500), err('http', 503), last);
    await expect(withRetry(fn, { isIdempotent: true, maxAttempts: 3, ...noWait() })).rejects.toBe(last);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const fn = failing(err('network'), err('network'), err('network'), err('network'));
    const { sleep } = noWait();
    await withRetry(fn, { isIdempotent: true, maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 2500, sleep, random: () => 0.5 });
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([500, 1000, 1250, 1250]);
  });

  it('waits what Retry-After says, and gives up when it is longer than maxDelayMs', async () => {
    const { sleep, random } = noWait();
    await withRetry(failing(err('http', 429, 1500)), { isIdempotent: true, maxDelayMs: 2000, sleep, random });
    expect(sleep).toHaveBeenCalledWith(1500);

    const tooLong = err('http', 503, 60_000);
    const fn = failing(tooLong);
    await expect(withRetry(fn, { isIdempotent: true, maxDelayMs: 2000, ...noWait() })).rejects.toBe(tooLong);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
