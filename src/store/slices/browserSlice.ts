import type { StateCreator } from 'zustand';
import type { StudySummary } from '../../domain/study/models';
import type { StudyQuery } from '../../domain/study/StudyQuery';
import type { AppState } from '../appStore';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface BrowserSlice {
  browser: {
    query: StudyQuery;
    pageSize: number;
    page: number;
    status: LoadStatus;
    studies: readonly StudySummary[];
    /** True when the server returned a full page, so a next page may exist. */
    hasMore: boolean;
    error?: string;
    /** Why the query was not sent (a reversed date range), said instead of "No studies match". */
    problem?: string;
  };
}

export const createBrowserSlice: StateCreator<AppState, [], [], BrowserSlice> = () => ({
  browser: { query: {}, pageSize: 25, page: 0, status: 'idle', studies: [], hasMore: false },
});
