import { z } from 'zod';
import { commandPayloads, eventPayloads, type CommandName, type EventName } from './messages';

/**
 * The README's "postMessage API" message reference, generated from the zod
 * schemas so the documentation cannot drift from what the viewer accepts.
 * `apiDocs.test.ts` fails when README.md differs; run it with
 * UPDATE_EMBED_DOCS=1 to rewrite the block between the markers.
 */
export const DOCS_BEGIN = '<!-- embed-api:begin (generated from src/adapters/embed/messages.ts by src/adapters/embed/apiDocs.ts; do not edit by hand) -->';
export const DOCS_END = '<!-- embed-api:end -->';

function section(name: string, schema: z.ZodType, io: 'input' | 'output'): string {
  const { $schema: _drop, description, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<string, unknown> & { description?: string };
  return [`##### \`${name}\``, '', `${description ?? ''}. Payload:`, '', '```json', JSON.stringify(json, null, 2), '```', ''].join('\n');
}

export function renderEmbedApiDocs(): string {
  const parts = [DOCS_BEGIN, '', '#### Host → viewer', ''];
  for (const [name, schema] of Object.entries(commandPayloads) as Array<[CommandName, z.ZodType]>) parts.push(section(name, schema, 'input'));
  parts.push('#### Viewer → host', '');
  for (const [name, schema] of Object.entries(eventPayloads) as Array<[EventName, z.ZodType]>) parts.push(section(name, schema, 'output'));
  parts.push(DOCS_END);
  return parts.join('\n');
}
