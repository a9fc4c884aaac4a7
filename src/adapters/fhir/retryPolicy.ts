import { FhirError } from './FhirError';

export interface RetryOptions {
  /**
   * The caller's promise that sending the request twice has the effect of
   * sending it once: a GET, a PUT with If-Match, a conditional create with
   * the ROI's identifier in If-None-Exist (or a transaction made only of
   * those). A plain POST is not: if the first attempt reached the server and
   * only the answer was lost, re-sending it would store the ROI twice.
   */
  readonly isIdempotent: boolean;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); for jitter. */
  readonly random?: () => number;
  readonly onRetry?: (info: { readonly attempt: number; readonly delayMs: number; readonly error: FhirError }) => void;
}

export const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 8000 } as const;

/** Failures that may pass on their own: no answer, a server error, or throttling. */
export function isTransient(error: unknown): error is FhirError {
  if (!(error instanceof FhirError)) return false;
  if (error.kind === 'network') return true;
  return error.kind === 'http' && error.status !== undefined && (error.status >= 500 || error.status === 429);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` and retries transient failures of idempotent requests with
 * exponential backoff and full jitter (spreads out many viewers retrying
 * after the same outage). A server's Retry-After wins over the backoff; if it
 * asks for longer than maxDelayMs we give up now rather than keep the user
 * waiting on a spinner — the error carries retryAfterMs for the UI.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!options.isIdempotent || attempt >= maxAttempts || !isTransient(error)) throw error;
      let delayMs: number;
      if (error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > maxDelayMs) throw error;
        delayMs = error.retryAfterMs;
      } else {
        delayMs = Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      }
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
