import { FhirError } from './FhirError';

/**
 * The one retry policy. Everything that retries a FHIR request (the save
 * queue, withRetry) asks the two functions below: whether a failure is
 * transient, and how long to wait before the next attempt. Only requests
 * that are idempotent may be retried at all (see RetryOptions.isIdempotent).
 */

export interface BackoffOptions {
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** In [0, 1); for jitter. */
  readonly random?: () => number;
}

export interface RetryOptions extends BackoffOptions {
  /**
   * The caller's promise that sending the request twice has the effect of
   * sending it once: a GET, a PUT with If-Match, a conditional create with
   * the ROI's identifier in If-None-Exist (or a transaction made only of
   * those). A plain POST is not: if the first attempt reached the server and
   * only the answer was lost, re-sending it would store the ROI twice.
   */
  readonly isIdempotent: boolean;
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (info: { readonly attempt: number; readonly delayMs: number; readonly error: FhirError }) => void;
}

export const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 8000 } as const;

/** Failures that may pass on their own: no answer, a server error, a request timeout, or throttling. */
export function isTransient(error: unknown): error is FhirError {
  if (!(error instanceof FhirError)) return false;
  if (error.kind === 'network') return true;
  return error.kind === 'http' && error.status !== undefined && (error.status >= 500 || error.status === 429 || error.status === 408);
}

/**
 * How long to wait after the `failures`-th transient failure in a row. A
 * server's Retry-After is obeyed exactly (never sooner, and not stretched by
 * backoff); otherwise exponential backoff with full jitter, which spreads
 * out many viewers retrying after the same outage.
 */
export function retryDelayMs(error: { readonly retryAfterMs?: number | undefined } | undefined, failures: number, options: BackoffOptions = {}): number {
  if (error?.retryAfterMs !== undefined) return Math.max(0, error.retryAfterMs);
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(max, base * 2 ** (Math.max(1, failures) - 1)));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` and retries transient failures of idempotent requests, waiting
 * retryDelayMs between attempts. It has a small attempt budget because a
 * caller is waiting: when a Retry-After asks for longer than maxDelayMs it
 * gives up at once and the error carries retryAfterMs for whoever decides
 * next (the save queue waits it out).
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const sleep = options.sleep ?? defaultSleep;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!options.isIdempotent || attempt >= maxAttempts || !isTransient(error)) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxDelayMs) throw error;
      const delayMs = retryDelayMs(error, attempt, options);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
