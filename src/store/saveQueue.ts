import { appStore, getState, setState } from './appStore';
import { saveAll, type SaveOutcome } from './saveActions';
import { pendingRecords } from './roiActions';

export interface SaveQueueOptions {
  /** Save shortly after every change, not only on request. */
  readonly autosave: boolean;
  readonly autosaveDelayMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (t: unknown) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

/**
 * Keeps trying until every ROI is stored. Saves are one transaction made
 * only of conditional creates (If-None-Exist on the ROI's identifier) and
 * If-Match updates, so re-sending after a lost answer cannot duplicate an
 * ROI; that is why retrying them blindly is safe here, and nothing else is
 * retried. Backoff doubles per failure (with jitter), a server's
 * Retry-After wins, and coming back online retries at once.
 */
export function createSaveQueue(opts: SaveQueueOptions) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 30_000;
  let failures = 0;
  let timer: unknown;
  let running: Promise<SaveOutcome> | undefined;
  let again = false;

  function schedule(ms: number): void {
    if (timer !== undefined) clearTimer(timer);
    setState((s) => ({ session: { ...s.session, nextRetryAt: failures ? now() + ms : undefined } }));
    timer = setTimer(() => {
      timer = undefined;
      void request();
    }, ms);
  }

  async function request(): Promise<SaveOutcome> {
    if (running) {
      again = true;
      return running;
    }
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    running = saveAll();
    let outcome: SaveOutcome;
    try {
      outcome = await running;
    } finally {
      running = undefined;
    }
    if (outcome.ok) {
      failures = 0;
      setState((s) => ({ session: { ...s.session, nextRetryAt: undefined } }));
      if ((again || opts.autosave) && pendingRecords().length) schedule(0);
    } else if (outcome.retryable && getState().session.network === 'online') {
      failures++;
      const backoff = Math.min(max, base * 2 ** (failures - 1)) * (0.5 + random() / 2);
      schedule(Math.min(max, Math.max(outcome.retryAfterMs ?? 0, backoff)));
    } else if (outcome.retryable) {
      failures++;
      setState((s) => ({ session: { ...s.session, nextRetryAt: undefined } }));
    }
    again = false;
    return outcome;
  }

  const unsubscribe = opts.autosave
    ? appStore.subscribe((s, prev) => {
        if (s.rois.records !== prev.rois.records && !failures && pendingRecords().length) schedule(opts.autosaveDelayMs ?? 1500);
      })
    : () => undefined;

  return {
    /** What the Save button and Ctrl+S call. */
    save: request,
    /** The browser regained connectivity. */
    online(): void {
      setState((s) => ({ session: { ...s.session, network: 'online' } }));
      if (pendingRecords().length && (failures || opts.autosave)) void request();
    },
    offline(): void {
      setState((s) => ({ session: { ...s.session, network: 'offline' } }));
    },
    stop(): void {
      unsubscribe();
      if (timer !== undefined) clearTimer(timer);
    },
  };
}

export type SaveQueue = ReturnType<typeof createSaveQueue>;
