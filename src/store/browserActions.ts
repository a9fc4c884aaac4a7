import { getState, setState } from './appStore';
import { getServices } from './services';
import type { StudyQuery } from '../domain/study/StudyQuery';
import { newestFirst, queryProblem } from '../domain/study/studySearch';

let searchSeq = 0;

export async function searchStudies(query: StudyQuery = getState().browser.query, page = 0): Promise<void> {
  const seq = ++searchSeq;
  const { pageSize } = getState().browser;
  const problem = queryProblem(query);
  if (problem) {
    setState((s) => ({ browser: { ...s.browser, query, page: 0, status: 'idle', studies: [], hasMore: false, error: undefined, problem } }));
    return;
  }
  setState((s) => ({ browser: { ...s.browser, query, page, status: 'loading', error: undefined, problem: undefined } }));
  try {
    // One extra row tells whether a next page exists without a count query.
    const rows = await getServices().dicomweb.searchStudies({ ...query, offset: page * pageSize, limit: pageSize + 1 });
    if (seq !== searchSeq) return;
    setState((s) => ({
      browser: { ...s.browser, status: 'ready', studies: newestFirst(rows.slice(0, pageSize)), hasMore: rows.length > pageSize },
    }));
  } catch (e) {
    if (seq !== searchSeq) return;
    setState((s) => ({ browser: { ...s.browser, status: 'error', studies: [], error: (e as Error).message } }));
  }
}
