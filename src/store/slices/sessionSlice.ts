import type { StateCreator } from 'zustand';
import type { ToolMode } from '../../adapters/cornerstone/toolNames';
import type { AppState } from '../appStore';

/** The editor's named modes. Each has explicit ways out, tested in sessionActions.test.ts. */
export type EditorMode =
  | { readonly name: 'idle' }
  | { readonly name: 'drawing'; readonly tool: ToolMode }
  | { readonly name: 'saving'; readonly count: number }
  | { readonly name: 'error'; readonly message: string };

export interface Conflict {
  readonly roiId: string;
  readonly mine: unknown;
  readonly theirs: unknown;
  readonly theirsVersion: string;
  /** A create found its identifier stored more than once; the choice applies to the first copy. */
  readonly copies?: number;
}

export interface SessionSlice {
  session: {
    accessMode: 'edit' | 'review';
    tool: ToolMode;
    mode: EditorMode;
    lastSaveMessage?: string;
    conflicts: readonly Conflict[];
    /** Patient from the launch context (URL, postMessage, SMART); wins over the study's. */
    launchPatient?: string;
    performer?: { reference?: string; display?: string };
    /** Browser connectivity as the save queue sees it. */
    network: 'online' | 'offline';
    /** Epoch ms of the next automatic save attempt after a failure. */
    nextRetryAt?: number;
  };
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = () => ({
  session: { accessMode: 'edit', tool: 'Select', mode: { name: 'idle' }, conflicts: [], network: 'online' },
});
