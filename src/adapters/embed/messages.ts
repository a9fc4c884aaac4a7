import { z } from 'zod';
import { LAYOUTS } from '../../domain/layout/viewportLayout';

/**
 * The postMessage protocol between an embedding page (the host) and the
 * viewer. Every message is an envelope `{ type: 'roi-viewer', version: 1,
 * name, payload }`; the `type` tag lets both sides share the window's message
 * channel with other libraries, the `version` lets the protocol change
 * without silently misreading old hosts. Payloads are strict objects: an
 * unknown key is a host bug worth an `error` reply, not something to guess at.
 */

export const EMBED_TYPE = 'roi-viewer';
export const EMBED_VERSION = 1;

const uid = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/, { error: 'expected a DICOM UID (digits and dots)' })
  .describe('DICOM UID');

export const TOOLS = ['Select', 'Point', 'Polyline', 'Interpolated', 'Circle', 'Ellipse'] as const;
export const MODES = ['edit', 'review'] as const;
export const UNSAVED_POLICIES = ['save', 'keep', 'discard'] as const;

/** Host → viewer payloads, by message name. */
export const commandPayloads = {
  'open-study': z
    .strictObject({
      studyUid: uid,
      seriesUid: uid.optional(),
      unsaved: z
        .enum(UNSAVED_POLICIES)
        .optional()
        .describe('What to do with unsaved work on the open study: save it first, keep it as a draft, or discard it. Without it, unsaved work makes the viewer answer `unsaved-changes` and stay'),
    })
    .describe('Open a study (and optionally one series), like ?StudyInstanceUIDs='),
  'set-mode': z.strictObject({ mode: z.enum(MODES) }).describe('Switch between editing and read-only review'),
  'set-tool': z.strictObject({ tool: z.enum(TOOLS) }).describe('Pick the active tool; drawing tools are refused in review mode'),
  'set-layout': z
    .strictObject({ layout: z.enum(LAYOUTS) })
    .describe('Show one viewport, two side by side or four in a grid, like ?layout=; new viewports get the study\'s next series, and scrolling syncs by position between series of one Frame of Reference'),
  save: z.strictObject({}).describe('Save every pending change; answered by `saved` or `save-failed`'),
  'set-access-token': z
    .strictObject({
      token: z.string().min(1).max(16_384),
      /** Seconds since the epoch, as in a JWT `exp`. */
      expiresAt: z.number().int().positive().optional().describe('Expiry in seconds since the epoch (JWT exp)'),
      user: z.string().min(1).max(256).optional().describe("Who the token belongs to, for keying drafts; default: the JWT's sub"),
    })
    .describe('Hand the viewer a bearer token (auth.mode "host-token"); kept in memory only'),
  'get-state': z.strictObject({}).describe('Ask for a `state` event'),
  'export-sr': z
    .strictObject({})
    .describe("Store the study's current ROIs and their measurements as a DICOM SR (TID 1500) on the image archive, like the toolbar's Export as DICOM SR; answered by `sr-exported` or an `error`"),
  'save-key-image': z
    .strictObject({})
    .describe('Save the image shown, with its ROI outlines, as a key image: a DICOM Secondary Capture in the study\'s "Key images" series, recorded as an IG illustration-of-roi ImagingSelection and linked from the shown ROIs\' measurement groups; answered by `key-image-saved` or `key-image-failed`'),
  logout: z.strictObject({}).describe("Sign the user out: their drafts on this browser and the token are deleted, unsaved work is dropped; answered by `logged-out`"),
} as const;

const roiSummary = z.strictObject({
  id: z.string(),
  kind: z.string(),
  label: z.string().optional(),
  sync: z.enum(['saved', 'unsaved', 'deleted']),
  resourceId: z.string().optional(),
  versionId: z.string().optional(),
});

const stateShape = z.strictObject({
  studyUid: z.string().optional(),
  seriesUid: z.string().optional(),
  status: z.string(),
  mode: z.enum(MODES),
  tool: z.enum(TOOLS),
  dirty: z.boolean(),
  pending: z.number().int().nonnegative(),
  rois: z.array(roiSummary),
});

/** Viewer → host payloads, by message name. */
export const eventPayloads = {
  ready: z
    .strictObject({ version: z.literal(EMBED_VERSION), auth: z.enum(['none', 'host-token', 'smart']), commands: z.array(z.string()) })
    .describe('The viewer listens: sent once at start, with the protocol version, the auth mode and the commands it understands'),
  'study-opened': z.strictObject({ studyUid: z.string(), seriesUid: z.string().optional(), images: z.number().int().nonnegative() }).describe('A study finished loading'),
  'roi-changed': z.strictObject({ rois: z.array(roiSummary) }).describe('The list of ROIs or one of them changed'),
  'dirty-changed': z.strictObject({ dirty: z.boolean(), pending: z.number().int().nonnegative() }).describe('Whether unsaved changes exist, and how many ROIs they touch'),
  saved: z
    .strictObject({
      message: z.string(),
      saved: z.array(z.strictObject({ roiId: z.string(), resourceId: z.string(), versionId: z.string().optional() })),
    })
    .describe('A save succeeded: the ImagingSelection ids and versions written'),
  'save-failed': z.strictObject({ message: z.string() }).describe('A save failed; the changes stay pending'),
  'key-image-saved': z
    .strictObject({
      message: z.string(),
      sopInstanceUid: z.string().describe('The Secondary Capture stored on the image archive'),
      seriesUid: z.string().describe('The study\'s "Key images" series'),
      selectionId: z.string().describe('The illustration-of-roi ImagingSelection on the FHIR server'),
      roiIds: z.array(z.string()).describe('ROIs whose measurement groups link the key image'),
    })
    .describe('Reply to `save-key-image`: the key image is stored and recorded'),
  'key-image-failed': z
    .strictObject({
      stage: z.enum(['unavailable', 'capture', 'archive', 'fhir']).describe('Where it stopped: not possible now (e.g. no STOW-RS configured, review mode, no region shown), capturing the view, storing on the archive, or recording on the FHIR server'),
      message: z.string(),
    })
    .describe('Reply to `save-key-image`: no key image was recorded; nothing drawn was changed'),
  'token-expired': z.strictObject({}).describe('The token is missing, expired or refused; send `set-access-token`. The failed request is retried once when it arrives'),
  state: stateShape.describe('Reply to `get-state`'),
  'unsaved-changes': z
    .strictObject({
      studyUid: z.string(),
      requestedStudyUid: z.string(),
      unsaved: z.number().int().nonnegative(),
      deleted: z.number().int().nonnegative(),
    })
    .describe('Reply to `open-study` without an `unsaved` policy while the open study has unsaved work: nothing was changed; send `open-study` again with `unsaved` "save", "keep" or "discard"'),
  'sr-exported': z
    .strictObject({
      studyUid: z.string(),
      seriesUid: z.string(),
      sopInstanceUid: z.string(),
      regions: z.number().int().nonnegative(),
      supersedes: z.string().optional().describe('SOP Instance UID of the earlier export this report replaces'),
    })
    .describe('Reply to `export-sr`: the SR instance the archive stored'),
  done: z
    .strictObject({ command: z.string() })
    .describe('Reply to a command carried out that has no reply of its own (`set-mode`, `set-tool`, `set-layout`, `set-access-token`); `get-state` tells the state after it'),
  'logged-out': z.strictObject({ draftsCleared: z.number().int().nonnegative() }).describe('Reply to `logout`: how many drafts were deleted'),
  error: z
    .strictObject({
      code: z.enum(['invalid-message', 'unsupported-version', 'unknown-command', 'refused', 'study-not-found', 'failed']),
      message: z.string(),
    })
    .describe('A command could not be carried out, or a message was malformed'),
} as const;

export type CommandName = keyof typeof commandPayloads;
/** Commands whose payload may be left out (it is `{}`). */
export const PAYLOAD_OPTIONAL: readonly CommandName[] = ['save', 'get-state', 'logout', 'export-sr', 'save-key-image'];
export type EventName = keyof typeof eventPayloads;
export type CommandPayload<N extends CommandName> = z.infer<(typeof commandPayloads)[N]>;
export type EventPayload<N extends EventName> = z.infer<(typeof eventPayloads)[N]>;
export type RoiSummary = z.infer<typeof roiSummary>;
export type ViewerStateSnapshot = z.infer<typeof stateShape>;
export type ErrorCode = EventPayload<'error'>['code'];

export const COMMAND_NAMES = Object.keys(commandPayloads) as CommandName[];
export const EVENT_NAMES = Object.keys(eventPayloads) as EventName[];

/** A correlation id chosen by the host; replies carry it back as `inReplyTo`. */
const messageId = z.string().min(1).max(128);

/** The envelope a command arrives in; the payload is checked per name afterwards. */
export const commandEnvelope = z.strictObject({
  type: z.literal(EMBED_TYPE),
  version: z.number(),
  id: messageId.optional(),
  name: z.string(),
  payload: z.unknown().optional(),
});

function commandSchema<N extends CommandName>(name: N) {
  return z.strictObject({
    type: z.literal(EMBED_TYPE),
    version: z.literal(EMBED_VERSION),
    id: messageId.optional(),
    name: z.literal(name),
    payload: PAYLOAD_OPTIONAL.includes(name) ? commandPayloads[name].optional() : commandPayloads[name],
  });
}

function eventSchema<N extends EventName>(name: N) {
  return z.strictObject({
    type: z.literal(EMBED_TYPE),
    version: z.literal(EMBED_VERSION),
    name: z.literal(name),
    inReplyTo: messageId.optional(),
    payload: eventPayloads[name],
  });
}

/** Whole-message schemas, one per name: the README's JSON schemas are generated from these. */
export const commandSchemas = Object.fromEntries(COMMAND_NAMES.map((n) => [n, commandSchema(n)])) as {
  [N in CommandName]: ReturnType<typeof commandSchema<N>>;
};
export const eventSchemas = Object.fromEntries(EVENT_NAMES.map((n) => [n, eventSchema(n)])) as {
  [N in EventName]: ReturnType<typeof eventSchema<N>>;
};

export type Command = { [N in CommandName]: { name: N; id?: string; payload: CommandPayload<N> } }[CommandName];
export type ViewerEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];
