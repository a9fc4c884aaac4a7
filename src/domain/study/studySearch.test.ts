import { describe, expect, it } from 'vitest';
import { newestFirst, qidoPatientId, qidoPatientName, queryProblem } from './studySearch';

describe('study search as people type it', () => {
  it('matches a name as displayed, in DICOM form and by its start', () => {
    expect(qidoPatientName('Sample, Ct200')).toBe('*Sample*Ct200*');
    expect(qidoPatientName('Sample^Ct200')).toBe('*Sample*Ct200*');
    expect(qidoPatientName(' Samp ')).toBe('*Samp*');
    expect(qidoPatientName('Sam*200')).toBe('Sam*200');
    expect(qidoPatientName('  ')).toBeUndefined();
    expect(qidoPatientName(', ^')).toBeUndefined();
  });
  it('matches a patient ID by prefix', () => {
    expect(qidoPatientId('ROIV-1')).toBe('ROIV-1*');
    expect(qidoPatientId('ROIV-1*')).toBe('ROIV-1*');
    expect(qidoPatientId('')).toBeUndefined();
  });
  it('explains a reversed date range instead of searching', () => {
    expect(queryProblem({ dateFrom: '2024-06-02', dateTo: '2024-06-01' })).toMatch(/reversed/);
    expect(queryProblem({ dateFrom: '2024-06-01', dateTo: '2024-06-01' })).toBeUndefined();
    expect(queryProblem({ dateFrom: '2024-06-01' })).toBeUndefined();
  });
  it('orders newest first, undated last, stable otherwise', () => {
    const s = [{ id: 'a', studyDate: '2004-01-19' }, { id: 'b' }, { id: 'c', studyDate: '2024-06-01' }, { id: 'd', studyDate: '2004-01-19' }];
    expect(newestFirst(s).map((x) => x.id)).toEqual(['c', 'a', 'd', 'b']);
  });
});
