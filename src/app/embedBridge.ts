import type { AppConfig } from './config/configSchema';
import { unsavedCount } from '../store/unsavedCount';
import { navigateToStudy } from './navigation';
import { EmbedChannel, errorEvent } from '../adapters/embed/EmbedChannel';
import { COMMAND_NAMES, type Command, type RoiSummary, type ViewerEvent, type ViewerStateSnapshot } from '../adapters/embed/messages';
import type { HostToken } from '../adapters/auth/HostToken';
import { appStore, getState, type AppState } from '../store/appStore';
import { setAccessMode, setTool } from '../store/sessionActions';
import { pendingCounts } from '../store/roiActions';
import { setLayout } from '../store/layoutActions';
import { setUser } from '../store/userActions';
import { exportSr } from '../store/srActions';
import type { SaveOutcome } from '../store/saveActions';
import type { KeyImageOutcome } from '../store/keyImageActions';
import type { LeaveChoice, LeaveTarget } from '../store/slices/sessionSlice';
import { jwtSubject } from '../adapters/auth/jwtSubject';
import type { LeaveResult } from './studySwitch';

export interface EmbedBridgeDeps {
  /** The save queue's save: the same path as the Save button. */
  readonly save: () => Promise<SaveOutcome>;
  /** Save key image: the same path as the toolbar button. */
  readonly keyImage: () => Promise<KeyImageOutcome>;
  /** Present in auth.mode "host-token". */
  readonly hostToken?: HostToken;
  /** The study switch: leaves the open study under a policy, or only reports unsaved work. */
  readonly leave: (target: LeaveTarget, policy: LeaveChoice | undefined, opts: { ask: boolean }) => Promise<LeaveResult>;
  /** Clears the user's drafts and tokens; resolves with the number of drafts deleted. */
  readonly logout: () => Promise<number>;
}

/** Quiet period before `roi-changed`: a drag edits an ROI many times a second. */
const ROI_EVENT_DELAY_MS = 150;

function roiSummaries(s: AppState): RoiSummary[] {
  const out: RoiSummary[] = [];
  for (const id of s.rois.order) {
    const r = s.rois.records[id];
    if (!r) continue;
    out.push({
      id,
      kind: r.roi.kind,
      ...(r.roi.label ? { label: r.roi.label } : {}),
      sync: r.sync,
      ...(r.server ? { resourceId: r.server.resourceId, versionId: r.server.versionId } : {}),
    });
  }
  return out;
}

const pendingCount = (s: AppState) => unsavedCount(s.rois);

function snapshot(s: AppState): ViewerStateSnapshot {
  const pending = pendingCount(s);
  return {
    ...(s.viewer.studyUid ? { studyUid: s.viewer.studyUid } : {}),
    ...(s.viewer.seriesUid ? { seriesUid: s.viewer.seriesUid } : {}),
    status: s.viewer.status,
    mode: s.session.accessMode,
    tool: s.session.tool,
    dirty: pending > 0,
    pending,
    rois: roiSummaries(s),
  };
}

/**
 * The composition of the postMessage API: host commands become store
 * actions and navigation; store changes become events for the host.
 * `create` runs before the clients exist (host-token auth needs `tokenNeeded`);
 * `connect` starts listening once the store's services are in place.
 */
export function createEmbedBridge(config: AppConfig) {
  const channel = new EmbedChannel({
    allowedOrigins: config.embed.allowedOrigins,
    win: window,
    referrer: document.referrer,
    onCommand: (c, reply) => handle(c, reply),
    log: (m) => console.warn(`[embed] ${m}`),
  });
  let deps: EmbedBridgeDeps | undefined;
  let pendingOpen: { studyUid: string; id?: string } | undefined;
  let hostSaving = 0;

  const send = (e: ViewerEvent, inReplyTo?: string) => channel.send(e, inReplyTo);

  async function handle(c: Command, reply: (e: ViewerEvent) => void): Promise<void> {
    switch (c.name) {
      case 'open-study': {
        const { studyUid, seriesUid, unsaved } = c.payload;
        if (!deps) {
          pendingOpen = { studyUid, ...(c.id ? { id: c.id } : {}) };
          navigateToStudy(studyUid, seriesUid);
          return;
        }
        const open = getState().viewer.studyUid;
        const counts = pendingCounts();
        // Unsaved work is never dropped on the host's word alone: without a policy, ask the host.
        if (open && open !== studyUid && counts.unsaved + counts.deleted > 0 && !unsaved) {
          reply({ name: 'unsaved-changes', payload: { studyUid: open, requestedStudyUid: studyUid, ...counts } });
          return;
        }
        pendingOpen = { studyUid, ...(c.id ? { id: c.id } : {}) };
        const result = await deps.leave({ kind: 'study', studyUid, ...(seriesUid ? { seriesUid } : {}) }, unsaved, { ask: false });
        if (!result.left) {
          pendingOpen = undefined;
          reply(errorEvent('failed', `The study was not changed: ${result.message ?? 'unsaved changes'}`));
        }
        return;
      }
      case 'logout': {
        if (!deps) return;
        const draftsCleared = await deps.logout();
        reply({ name: 'logged-out', payload: { draftsCleared } });
        return;
      }
      case 'set-mode':
        setAccessMode(c.payload.mode);
        reply({ name: 'done', payload: { command: c.name } });
        return;
      case 'set-layout':
        setLayout(c.payload.layout);
        reply({ name: 'done', payload: { command: c.name } });
        return;
      case 'set-tool':
        setTool(c.payload.tool);
        if (getState().session.tool !== c.payload.tool) reply(errorEvent('refused', `The ${c.payload.tool} tool is not available in review mode`));
        else reply({ name: 'done', payload: { command: c.name } });
        return;
      case 'save': {
        if (!deps) return;
        hostSaving++;
        let out: SaveOutcome;
        try {
          out = await deps.save();
        } finally {
          hostSaving--;
        }
        reply(out.ok ? { name: 'saved', payload: { message: out.message, saved: [...out.saved] } } : { name: 'save-failed', payload: { message: out.message } });
        return;
      }
      case 'save-key-image': {
        if (!deps) return;
        const out = await deps.keyImage();
        reply(
          out.ok
            ? { name: 'key-image-saved', payload: { message: out.message, sopInstanceUid: out.sopInstanceUid, seriesUid: out.seriesUid, selectionId: out.selectionId, roiIds: [...out.roiIds] } }
            : { name: 'key-image-failed', payload: { stage: out.stage, message: out.message } },
        );
        return;
      }
      case 'set-access-token':
        if (!deps?.hostToken) {
          reply(errorEvent('refused', 'This viewer is not configured for host tokens (auth.mode is not "host-token"); the token was discarded'));
          return;
        }
        deps.hostToken.set(c.payload.token, c.payload.expiresAt);
        // Drafts are keyed by who the token belongs to: the host's word, else the JWT's sub.
        setUser(c.payload.user ?? jwtSubject(c.payload.token));
        reply({ name: 'done', payload: { command: c.name } });
        return;
      case 'get-state':
        reply({ name: 'state', payload: snapshot(getState()) });
        return;
      case 'export-sr': {
        const studyUid = getState().viewer.studyUid;
        const out = await exportSr();
        reply(out.ok && studyUid ? { name: 'sr-exported', payload: { studyUid, seriesUid: out.seriesUid, sopInstanceUid: out.sopInstanceUid, regions: out.regions, ...(out.supersedes ? { supersedes: out.supersedes } : {}) } } : errorEvent('failed', out.ok ? 'No study is open' : out.error));
        return;
      }
    }
  }

  /** Store → host events; each is sent only when its content really changed. */
  function watch(): () => void {
    let lastRois = JSON.stringify(roiSummaries(getState()));
    let lastPending = pendingCount(getState());
    let roiTimer: ReturnType<typeof setTimeout> | undefined;
    let savingStart: AppState | undefined;
    return appStore.subscribe((s, prev) => {
      const v = s.viewer;
      const opened = (v.seriesStatus === 'ready' || v.seriesStatus === 'not-image') && (prev.viewer.seriesStatus !== v.seriesStatus || prev.viewer.seriesUid !== v.seriesUid);
      if (opened && v.studyUid) {
        const inReplyTo = pendingOpen?.studyUid === v.studyUid ? pendingOpen.id : undefined;
        if (pendingOpen?.studyUid === v.studyUid) pendingOpen = undefined;
        send({ name: 'study-opened', payload: { studyUid: v.studyUid, ...(v.seriesUid ? { seriesUid: v.seriesUid } : {}), images: v.images.length } }, inReplyTo);
      }
      if ((v.status === 'not-found' || v.status === 'error') && v.status !== prev.viewer.status && v.studyUid) {
        const inReplyTo = pendingOpen?.studyUid === v.studyUid ? pendingOpen.id : undefined;
        pendingOpen = undefined;
        send(errorEvent(v.status === 'not-found' ? 'study-not-found' : 'failed', v.error ?? 'The study could not be opened'), inReplyTo);
      }
      if (s.rois.records !== prev.rois.records || s.rois.order !== prev.rois.order) {
        clearTimeout(roiTimer);
        roiTimer = setTimeout(() => {
          const rois = roiSummaries(getState());
          const text = JSON.stringify(rois);
          if (text !== lastRois) {
            lastRois = text;
            send({ name: 'roi-changed', payload: { rois } });
          }
        }, ROI_EVENT_DELAY_MS);
        const pending = pendingCount(s);
        if (pending !== lastPending) {
          send({ name: 'dirty-changed', payload: { dirty: pending > 0, pending } });
          lastPending = pending;
        }
      }
      // Saves started from the viewer's own Save button (or the autosave queue) are reported too.
      if (s.session.mode.name === 'saving' && prev.session.mode.name !== 'saving') savingStart = prev;
      if (prev.session.mode.name === 'saving' && s.session.mode.name !== 'saving' && !hostSaving && savingStart) {
        if (s.session.mode.name === 'error') send({ name: 'save-failed', payload: { message: s.session.mode.message } });
        else send({ name: 'saved', payload: { message: s.session.lastSaveMessage ?? 'Saved', saved: savedSince(savingStart, s) } });
        savingStart = undefined;
      }
    });
  }

  return {
    /** For HostToken: tell the host that a (new) token is needed. */
    tokenNeeded(): void {
      send({ name: 'token-expired', payload: {} });
    },
    connect(d: EmbedBridgeDeps): () => void {
      deps = d;
      channel.start();
      const unwatch = watch();
      send({ name: 'ready', payload: { version: 1, auth: config.auth.mode, commands: [...COMMAND_NAMES] } });
      return () => {
        unwatch();
        channel.stop();
      };
    },
  };
}

/** Records whose server version moved during a save the host did not start. */
function savedSince(before: AppState, after: AppState): Array<{ roiId: string; resourceId: string; versionId?: string }> {
  const out: Array<{ roiId: string; resourceId: string; versionId?: string }> = [];
  for (const [id, rec] of Object.entries(after.rois.records)) {
    const was = before.rois.records[id]?.server;
    if (rec.server && (was?.resourceId !== rec.server.resourceId || was?.versionId !== rec.server.versionId)) {
      out.push({ roiId: id, resourceId: rec.server.resourceId, ...(rec.server.versionId ? { versionId: rec.server.versionId } : {}) });
    }
  }
  return out;
}

export type EmbedBridge = ReturnType<typeof createEmbedBridge>;
