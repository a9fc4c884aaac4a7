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
  const clock = { t: 0 };
  const ch = new EmbedChannel({ allowedOrigins: [HOST, 'https://other.example'], win, referrer, onCommand: onCommand as never, log: (m) => logs.push(m), now: () => clock.t });
  ch.start();
  // The embedding window is the only one that speaks the API.
  const source = parent;
  const deliver = (data: unknown, origin = HOST, src: unknown = source) => listener?.({ data, origin, source: src } as MessageEvent);
  return { ch, parent, source, deliver, logs, win, clock };
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

  it('answers a malformed message of this API from an allowed origin with an error', () => {
    const { deliver, source } = setup();
    deliver({ type: 'roi-viewer', version: 1, name: 'set-tool', id: 'm1', payload: { tool: 'Laser' } });
    expect(source.postMessage).toHaveBeenCalledWith(expect.objectContaining({ name: 'error', inReplyTo: 'm1', payload: expect.objectContaining({ code: 'invalid-message' }) }), HOST);
    deliver({ type: 'roi-viewer', version: 1 });
    expect(source.postMessage).toHaveBeenCalledTimes(2);
  });

  it('ignores messages that are not this API’s silently (other libraries share the window)', () => {
    const onCommand = vi.fn();
    const { deliver, source, logs } = setup(onCommand);
    for (const data of [42, 'open-study', null, { type: 'webpackHotUpdate' }, { name: 'save' }, [cmd('save')]]) deliver(data);
    expect(onCommand).not.toHaveBeenCalled();
    expect(source.postMessage).not.toHaveBeenCalled();
    expect(logs).toEqual([]);
  });

  it('obeys only the parent window: a popup, a sibling or a child frame of an allowed origin is ignored', () => {
    const onCommand = vi.fn();
    const { deliver, parent } = setup(onCommand);
    const other = { postMessage: vi.fn() };
    deliver(cmd('save'), HOST, other);
    deliver(cmd('save'), HOST, null);
    expect(onCommand).not.toHaveBeenCalled();
    expect(other.postMessage).not.toHaveBeenCalled();
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('rate-limits a flood with one error reply, and obeys again once the host slows down', () => {
    const onCommand = vi.fn();
    const { deliver, parent, clock } = setup(onCommand);
    for (let i = 0; i < 1000; i++) deliver(cmd('get-state', undefined, `f${i}`));
    expect(onCommand).toHaveBeenCalledTimes(30);
    const errors = parent.postMessage.mock.calls.filter((c) => c[0].name === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]![0].payload.code).toBe('refused');
    expect(errors[0]![1]).toBe(HOST);
    // A flood that goes on while tokens trickle back still gets no second error.
    for (let i = 0; i < 50; i++) {
      clock.t += 150;
      deliver(cmd('get-state', undefined, `slow-flood-${i}`));
      deliver(cmd('get-state', undefined, `slow-flood-${i}b`));
    }
    expect(parent.postMessage.mock.calls.filter((c) => c[0].name === 'error')).toHaveLength(1);
    clock.t += 5000; // the host slowed down
    deliver(cmd('get-state', undefined, 'after'));
    expect(onCommand).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'after' }), expect.any(Function));
  });

  it('a flood from a foreign or opaque origin is ignored, logged once per origin', () => {
    const onCommand = vi.fn();
    const { deliver, parent, logs } = setup(onCommand);
    for (let i = 0; i < 500; i++) {
      deliver(cmd('save'), 'https://evil.test');
      deliver(cmd('save'), 'null');
    }
    expect(onCommand).not.toHaveBeenCalled();
    expect(parent.postMessage).not.toHaveBeenCalled();
    expect(logs).toHaveLength(2);
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
    const { deliver, parent } = setup((_c, reply) => reply({ name: 'state', payload: {} } as never));
    parent.postMessage.mockImplementation(() => {
      throw new Error('detached');
    });
    expect(() => deliver(cmd('get-state'))).not.toThrow();
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

  it('after a host spoke, events go to the parent at that host’s origin only', () => {
    const { ch, deliver, parent } = setup();
    deliver(cmd('get-state'), 'https://other.example');
    ch.send({ name: 'dirty-changed', payload: { dirty: true, pending: 1 } });
    expect(parent.postMessage).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'dirty-changed' }), 'https://other.example');
    expect(parent.postMessage.mock.calls.every((c) => c[1] === 'https://other.example')).toBe(true);
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
