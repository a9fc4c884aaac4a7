import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAppState } from '../hooks/useAppState';
import type { StudySummary } from '../../domain/study/models';
import type { StudyQuery } from '../../domain/study/StudyQuery';

interface Props {
  onSearch(query: StudyQuery, page: number): void;
  onOpen(study: StudySummary): void;
}

export function StudyBrowser({ onSearch, onOpen }: Props) {
  const browser = useAppState((s) => s.browser);
  const [form, setForm] = useState<StudyQuery>(browser.query);
  const field = (k: keyof StudyQuery) => ({
    value: (form[k] as string | undefined) ?? '',
    onChange: (e: { target: { value: string } }) => {
      typed.current = true;
      setForm({ ...form, [k]: e.target.value || undefined });
    },
  });
  // Search as people type: a pause of 350 ms sends the query (Enter or Search sends it at once).
  const typed = useRef(false);
  const search = useRef(onSearch);
  search.current = onSearch;
  useEffect(() => {
    if (!typed.current) return;
    const t = setTimeout(() => search.current(form, 0), 350);
    return () => clearTimeout(t);
  }, [form]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(form, 0);
  };
  return (
    <section className="browser" aria-label="Study browser">
      <form className="search" onSubmit={submit} role="search">
        <label>Patient name<input {...field('patientName')} /></label>
        <label>Patient ID<input {...field('patientId')} /></label>
        <label>Accession<input {...field('accessionNumber')} /></label>
        <label>From<input type="date" {...field('dateFrom')} /></label>
        <label>To<input type="date" {...field('dateTo')} /></label>
        <label>Modality<input {...field('modality')} size={4} /></label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => { setForm({}); onSearch({}, 0); }}>Clear</button>
      </form>
      {browser.problem && <p role="alert" className="error" data-testid="search-problem">{browser.problem}</p>}
      {browser.status === 'error' && (
        <div role="alert" className="error">
          Could not search studies: {browser.error}{' '}
          <button onClick={() => onSearch(browser.query, browser.page)}>Retry</button>
        </div>
      )}
      <table aria-label="Studies" aria-busy={browser.status === 'loading'}>
        <thead>
          <tr><th>Patient</th><th>Patient ID</th><th>Date</th><th>Accession</th><th>Modalities</th><th>Description</th><th>Series</th></tr>
        </thead>
        <tbody>
          {browser.studies.map((s) => (
            <tr key={s.studyUid} onClick={() => onOpen(s)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && onOpen(s)} className="clickable">
              <td><a href={`?StudyInstanceUIDs=${encodeURIComponent(s.studyUid)}`} onClick={(e) => { e.preventDefault(); onOpen(s); }}>{s.patientName || '(no name)'}</a></td>
              <td>{s.patientId}</td><td>{s.studyDate}</td><td>{s.accessionNumber}</td><td>{s.modalities.join(', ')}</td><td>{s.description}</td><td>{s.numberOfSeries}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {browser.status === 'loading' && <p role="status">Loading studies…</p>}
      {browser.status === 'ready' && browser.studies.length === 0 && <p role="status">No studies match this search.</p>}
      <nav className="paging" aria-label="Pages">
        <button disabled={browser.page === 0 || browser.status === 'loading'} onClick={() => onSearch(browser.query, browser.page - 1)}>Previous page</button>
        <span>Page {browser.page + 1}</span>
        <button disabled={!browser.hasMore || browser.status === 'loading'} onClick={() => onSearch(browser.query, browser.page + 1)}>Next page</button>
      </nav>
    </section>
  );
}
