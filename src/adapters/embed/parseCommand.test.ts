import { describe, expect, it } from 'vitest';
import { parseCommand } from './parseCommand';
import { commandSchemas, eventSchemas } from './messages';

const msg = (name: string, payload?: unknown, extra: Record<string, unknown> = {}) => ({ type: 'roi-viewer', version: 1, name, ...(payload === undefined ? {} : { payload }), ...extra });

describe('parseCommand', () => {
  it.each([
    ['open-study', { studyUid: '1.2.3' }],
    ['open-study', { studyUid: '1.2.3', seriesUid: '1.2.3.4' }],
    ['set-mode', { mode: 'review' }],
    ['set-tool', { tool: 'Ellipse' }],
    ['save', undefined],
    ['save', {}],
    ['set-access-token', { token: 'abc', expiresAt: 1_900_000_000 }],
    ['get-state', undefined],
    ['open-study', { studyUid: '1.2.3', unsaved: 'keep' }],
    ['set-access-token', { token: 'abc', user: 'dr-a' }],
    ['logout', undefined],
    ['logout', {}],
  ])('accepts %s %j', (name, payload) => {
    const r = parseCommand(msg(name, payload, { id: 'c1' }));
    expect(r).toMatchObject({ ok: true, command: { name, id: 'c1' } });
  });

  it('refuses an unknown unsaved-work policy', () => {
    expect(parseCommand(msg('open-study', { studyUid: '1.2.3', unsaved: 'drop' }))).toMatchObject({ ok: false, code: 'invalid-message' });
  });

  it('agrees with the whole-message schemas the README documents', () => {
    expect(commandSchemas['set-tool'].safeParse(msg('set-tool', { tool: 'Point' })).success).toBe(true);
    expect(commandSchemas.save.safeParse(msg('save')).success).toBe(true);
    expect(eventSchemas['dirty-changed'].safeParse(msg('dirty-changed', { dirty: true, pending: 2 })).success).toBe(true);
    expect(eventSchemas.saved.safeParse(msg('saved', { message: 'x', saved: [{ roiId: 'a', resourceId: '1', versionId: '1' }] })).success).toBe(true);
  });

  it.each([
    ['not an object', 'hello', 'invalid-message'],
    ['null', null, 'invalid-message'],
    ['wrong type tag', { type: 'other', version: 1, name: 'save' }, 'invalid-message'],
    ['unknown envelope key', { ...msg('save'), extra: 1 }, 'invalid-message'],
    ['future version', { ...msg('save'), version: 2 }, 'unsupported-version'],
    ['unknown command', msg('format-disk'), 'unknown-command'],
    ['missing payload', msg('open-study'), 'invalid-message'],
    ['not a UID', msg('open-study', { studyUid: '1.2.x' }), 'invalid-message'],
    ['unknown tool', msg('set-tool', { tool: 'Laser' }), 'invalid-message'],
    ['unknown mode', msg('set-mode', { mode: 'admin' }), 'invalid-message'],
    ['unknown payload key', msg('set-mode', { mode: 'edit', x: 1 }), 'invalid-message'],
    ['empty token', msg('set-access-token', { token: '' }), 'invalid-message'],
    ['expiresAt as string', msg('set-access-token', { token: 't', expiresAt: 'soon' }), 'invalid-message'],
    ['prototype key as name', msg('toString'), 'unknown-command'],
  ])('refuses %s with %s', (_what, data, code) => {
    const r = parseCommand(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it('keeps the id of a malformed message, so the host can match the error', () => {
    expect(parseCommand({ ...msg('set-tool', { tool: 'Laser' }), id: 'x7' })).toMatchObject({ ok: false, id: 'x7' });
    expect(parseCommand({ id: 'x8', junk: true })).toMatchObject({ ok: false, id: 'x8' });
  });

  it('never echoes the offending value (it may be a token)', () => {
    const r = parseCommand(msg('set-access-token', { token: 'SECRET-TOKEN', expiresAt: 'SECRET-2' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).not.toContain('SECRET');
      expect(r.message).toContain('expiresAt');
    }
  });
});
