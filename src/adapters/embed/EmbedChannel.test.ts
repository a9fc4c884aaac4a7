import { describe, expect, it, vi } from 'vitest';
import { EmbedChannel, type EmbedWindow } from './EmbedChannel';
import type { Command } from './messages';

const HOST = 'http://127.0.0.1:14174';

function setup(onCommand: (c: Command, reply: (e: never) => void) => void | Promise<void> = () => undefined, referrer = '') {
  let listener: ((e: MessageEvent) => void) | undefined;
  const parent = { postMessage: vi.fn() };
  const win: EmbedWindow = {
    addEventListener: (_t, l) => (listener = l),
    removeEventListener: () => (listener = undefined),
    parent,
  };
  const logs: string[] = [];
  const ch = new EmbedChannel({ allowedOrigins: [HOST, 'https://other.example'], win, referrer, onCommand: onCommand as never, log: (m) => logs.push(m) });
  ch.start();
  const source = { postMessage: vi.fn() };
  const deliver = (data: unknown, origin = HOST, src: unknown = source) => listener?.({ data, origin, source: src } as MessageEvent);
  return { ch, parent, source, deliver, logs, win };
}

const cmd = (name: string, payload?: unknown, id?: string) => ({ type: 'roi-viewer', version: 1, name, ...(payload ? { payload } : {}), ...(id ? { id } : {}) });

describe('EmbedChannel', () => {
  it('obeys an allowed origin and replies to exactly that origin', async () => {
    const onCommand = vi.fn((_c: Command, reply: (e: never) => void) => reply({ name: 'state', payload: {} } as never));
    const { deliver, source } = setup(onCommand);
    deliver(cmd('get-state', undefined, 'q1'));
    expect(onCommand).toHaveBeenCalledWith(expect.objectContaining({ name: 'get-state', id: 'q1' }), expect.any(Function));
    expect(source.postMessage).toHaveBeenCalledWith({ type: 'roi-viewer', version: 1, name: 'state', inReplyTo: 'q1', payload: {} }, HOST);
  });

  it('ignores other origins, logging the origin but not the content', () => {
    const onCommand = vi.fn();
    const { deliver, source, logs } = setup(onCommand);
    deliver(cmd('set-access-token', { token: 'SECRET' }), 'https://evil.test');
    deliver(cmd('save'), 'null');
    expect(onCommand).not.toHaveBeenCalled();
    expect(source.postMessage).not.toHaveBeenCalled();
    expect(logs.join('\n')).toContain('https://evil.test');
    expect(logs.join('\n')).not.toContain('SECRET');
  });

  it('answers a malformed message from an allowed origin with an error', () => {
    const { deliver, source } = setup();
    deliver({ type: 'roi-viewer', version: 1, name: 'set-tool', id: 'm1', payload: { tool: 'Laser' } });
    expect(source.postMessage).toHaveBeenCalledWith(expect.objectContaining({ name: 'error', inReplyTo: 'm1', payload: expect.objectContaining({ code: 'invalid-message' }) }), HOST);
    deliver(42);
    expect(source.postMessage).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'error' }), HOST);
  });

  it('does not treat its own events bounced back as commands', () => {
    const onCommand = vi.fn();
    const { deliver, source } = setup(onCommand);
    deliver({ type: 'roi-viewer', version: 1, name: 'ready', payload: {} });
    expect(onCommand).not.toHaveBeenCalled();
    expect(source.postMessage).not.toHaveBeenCalled();
  });

  it('turns a throwing or rejecting handler into an error reply, never an exception', async () => {
    const { deliver, source } = setup(() => {
      throw new Error('boom');
    });
    expect(() => deliver(cmd('save', undefined, 's1'))).not.toThrow();
    expect(source.postMessage).toHaveBeenCalledWith(expect.objectContaining({ name: 'error', inReplyTo: 's1', payload: { code: 'failed', message: 'boom' } }), HOST);
    const r = setup(() => Promise.reject(new Error('later')));
    r.deliver(cmd('save', undefined, 's2'));
    await new Promise((res) => setTimeout(res, 0));
    expect(r.source.postMessage).toHaveBeenCalledWith(expect.objectContaining({ payload: { code: 'failed', message: 'later' } }), HOST);
  });

  it('survives a host whose postMessage throws', () => {
    const { deliver } = setup((_c, reply) => reply({ name: 'state', payload: {} } as never));
    const bad = { postMessage: () => { throw new Error('detached'); } };
    expect(() => deliver(cmd('get-state'), HOST, bad)).not.toThrow();
  });

  it('before any host spoke, sends to the parent once per allowed origin, never "*"', () => {
    const { ch, parent } = setup();
    ch.send({ name: 'ready', payload: { version: 1, auth: 'none', commands: [] } });
    expect(parent.postMessage.mock.calls.map((c) => c[1])).toEqual([HOST, 'https://other.example']);
  });

  it('narrows the first messages to the referrer when it is allowed', () => {
    const { ch, parent } = setup(undefined, `${HOST}/examples/host.html`);
    ch.send({ name: 'token-expired', payload: {} });
    expect(parent.postMessage.mock.calls.map((c) => c[1])).toEqual([HOST]);
  });

  it('after a host spoke, events go to that host only', () => {
    const { ch, deliver, parent, source } = setup();
    deliver(cmd('get-state'));
    ch.send({ name: 'dirty-changed', payload: { dirty: true, pending: 1 } });
    expect(source.postMessage).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'dirty-changed' }), HOST);
    expect(parent.postMessage).not.toHaveBeenCalled();
    expect(source.postMessage.mock.calls.every((c) => c[1] !== '*')).toBe(true);
  });

  it('sends nothing when not embedded', () => {
    const parent = { postMessage: vi.fn() };
    const win = { addEventListener: () => undefined, removeEventListener: () => undefined, parent } as unknown as EmbedWindow;
    (win as unknown as { parent: unknown }).parent = win;
    const ch = new EmbedChannel({ allowedOrigins: [HOST], win, referrer: '', onCommand: () => undefined });
    ch.send({ name: 'token-expired', payload: {} });
    expect(parent.postMessage).not.toHaveBeenCalled();
  });
});
