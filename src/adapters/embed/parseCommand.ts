import type { z } from 'zod';
import { commandEnvelope, commandPayloads, EMBED_VERSION, PAYLOAD_OPTIONAL, type Command, type CommandName, type ErrorCode } from './messages';

export type ParseResult =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly id?: string; readonly code: ErrorCode; readonly message: string };

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandPayloads, name);
}

/**
 * Where and why, never the offending value: the message may carry a token,
 * and this text is sent back and may be logged.
 */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`)
    .join('; ');
}

/** Checks a host message: the envelope first, then the version, then the payload of that command. */
export function parseCommand(data: unknown): ParseResult {
  const env = commandEnvelope.safeParse(data);
  if (!env.success) {
    const id = typeof (data as { id?: unknown } | null)?.id === 'string' ? ((data as { id: string }).id.slice(0, 128) || undefined) : undefined;
    return { ok: false, ...(id ? { id } : {}), code: 'invalid-message', message: `Not a roi-viewer command: ${describeIssues(env.error)}` };
  }
  const { id, version, name } = env.data;
  const withId = id ? { id } : {};
  if (version !== EMBED_VERSION) {
    return { ok: false, ...withId, code: 'unsupported-version', message: `Protocol version ${version} is not supported; this viewer speaks version ${EMBED_VERSION}` };
  }
  if (!isCommandName(name)) {
    return { ok: false, ...withId, code: 'unknown-command', message: `Unknown command "${name.slice(0, 40)}"` };
  }
  const payload = commandPayloads[name].safeParse(env.data.payload ?? (PAYLOAD_OPTIONAL.includes(name) ? {} : undefined));
  if (!payload.success) {
    return { ok: false, ...withId, code: 'invalid-message', message: `Invalid payload for "${name}": ${describeIssues(payload.error)}` };
  }
  return { ok: true, command: { name, payload: payload.data, ...withId } as Command };
}
