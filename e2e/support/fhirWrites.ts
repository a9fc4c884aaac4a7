import type { Page, Response } from '@playwright/test';

/** Which FHIR server variant this run talks to (stack/lib/paths.mjs sets these for the whole run). */
export const FHIR_VARIANT = {
  transactions: (process.env.STACK_FHIR_TRANSACTIONS ?? 'on') === 'on',
  postgres: process.env.STACK_FHIR_DB === 'postgres',
};

export interface ObservedWrite {
  readonly via: 'transaction' | 'request';
  readonly type: string;
  readonly status: number;
}

/**
 * Records what the viewer wrote, whichever way it saved: the entries of a
 * transaction response, or single POST/PUT requests (servers without
 * transactions). Statuses come from the server's answers.
 */
export function observeWrites(page: Page): { writes: ObservedWrite[]; creates(type: string): Promise<number[]>; settled(): Promise<void> } {
  const writes: ObservedWrite[] = [];
  // Response bodies are read asynchronously: callers wait for every one before they look.
  const pending = new Set<Promise<void>>();
  page.on('response', (r) => {
    const p = record(r).finally(() => pending.delete(p));
    pending.add(p);
  });
  const settled = async () => {
    while (pending.size) await Promise.all([...pending]);
  };
  async function record(r: Response): Promise<void> {
    const method = r.request().method();
    const path = new URL(r.url()).pathname;
    if (method === 'POST' && /\/fhir\/?$/.test(path)) {
      const body = (await r.json().catch(() => undefined)) as { entry?: Array<{ response: { status: string; location?: string } }> } | undefined;
      for (const e of body?.entry ?? []) {
        writes.push({ via: 'transaction', type: (e.response.location ?? '').split('/')[0] ?? '', status: parseInt(e.response.status, 10) });
      }
      return;
    }
    const m = /\/fhir\/([A-Za-z]+)(\/[^/]+)?$/.exec(path);
    if (m && (method === 'POST' || method === 'PUT')) writes.push({ via: 'request', type: m[1]!, status: r.status() });
  }
  return {
    writes,
    settled,
    creates: async (type) => {
      await settled();
      return writes.filter((w) => w.type === type && w.status === 201).map((w) => w.status);
    },
  };
}
