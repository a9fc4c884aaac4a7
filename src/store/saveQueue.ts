import { appStore, getState, setState } from './appStore';
import { saveAll, sendableRecords, type SaveOutcome } from './saveActions';
import { pendingRecords } from './roiActions';
import { isTransient, retryDelayMs } from '../adapters/fhir/retryPolicy';

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
 * The one retry loop for saves. Keeps trying until every ROI is stored.
 * Saves are one transaction made only of conditional creates (If-None-Exist
 * on the ROI's identifier) and If-Match updates, so re-sending after a lost
 * answer cannot duplicate an ROI; that is why retrying them is safe here.
 * Which failures are transient and how long to wait (backoff with jitter,
 * Retry-After obeyed) come from retryPolicy. Offline, nothing is sent: the
 * work waits and goes as soon as the browser is back online. ROIs that cannot
 * be sent yet (image metadata missing) wait on the same backoff, never in a
 * tight loop.
 */
export function createSaveQueue(opts: SaveQueueOptions) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const now = opts.now ?? Date.now;
  const backoff = { baseDelayMs: opts.baseDelayMs ?? 1000, maxDelayMs: opts.maxDelayMs ?? 30_000, random: opts.random ?? Math.random };
  let failures = 0;
  let timer: unknown;
  let running: Promise<SaveOutcome> | undefined;
  /** A save was asked for and not finished (offline, or failing transiently): resume it on reconnect. */
  let wanted = false;

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
      return running;
    }
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    if (getState().session.network === 'offline') {
      const n = pendingRecords().length;
      wanted = n > 0;
      setState((s) => ({ session: { ...s.session, nextRetryAt: undefined } }));
      return { ok: false, saved: [], message: `Offline: ${n} region(s) wait and are saved when the connection returns` };
    }
    wanted = true;
    running = saveAll();
    let outcome: SaveOutcome;
    try {
      outcome = await running;
    } finally {
      running = undefined;
    }
    const transient = outcome.error ? isTransient(outcome.error) : Boolean(outcome.waiting);
    if (outcome.ok && !outcome.waiting) {
      failures = 0;
      setState((s) => ({ session: { ...s.session, nextRetryAt: undefined } }));
      // Work added or changed while this save was in flight (the Save button is disabled
      // meanwhile, so the user cannot ask again) goes next: the queue keeps going until
      // everything asked for is stored.
      const more = sendableRecords().length > 0;
      wanted = more;
      if (more) schedule(0);
    } else if (transient && getState().session.network === 'online') {
      failures++;
      schedule(retryDelayMs(outcome.error, failures, backoff));
    } else if (transient) {
      failures++;
      setState((s) => ({ session: { ...s.session, nextRetryAt: undefined } }));
    } else {
      // Refused (validation, conflict, review mode): sending the same again would fail the same way.
      wanted = false;
      setState((s) => ({ session: { ...s.session, nextRetryAt: undefined } }));
    }
    return outcome;
  }

  const unsubscribe = opts.autosave
    ? appStore.subscribe((s, prev) => {
        if (s.rois.records !== prev.rois.records && !failures && sendableRecords().length) schedule(opts.autosaveDelayMs ?? 1500);
      })
    : () => undefined;

  return {
    /** What the Save button and Ctrl+S call. */
    save: request,
    /** The browser regained connectivity. */
    online(): void {
      setState((s) => ({ session: { ...s.session, network: 'online' } }));
      if (pendingRecords().length && (failures || opts.autosave || wanted)) void request();
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
