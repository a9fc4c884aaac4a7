import { describe, expect, it } from 'vitest';
import { normalizeOperationOutcome, outcomeFromStatus, outcomeToText } from './outcomes';

describe('normalizeOperationOutcome', () => {
  it('keeps the structured fields and drops the XHTML narrative', () => {
    const raw = {
      resourceType: 'OperationOutcome',
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><b>bad</b></div>' },
      issue: [{ severity: 'error', code: 'processing', diagnostics: 'HAPI-0450: bad', expression: ['ImagingSelection.status', 3] }],
    };
    const outcome = normalizeOperationOutcome(raw);
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'processing', diagnostics: 'HAPI-0450: bad', expression: ['ImagingSelection.status'] }],
    });
    expect(JSON.stringify(outcome)).not.toContain('<');
  });

  it('repairs issues with a missing severity/code and skips non-objects', () => {
    const outcome = normalizeOperationOutcome({ resourceType: 'OperationOutcome', issue: [null, { diagnostics: 'x', severity: 'loud' }] });
    expect(outcome.issue).toEqual([{ severity: 'error', code: 'unknown', diagnostics: 'x' }]);
  });

  it('turns an empty outcome, an Error, a string and junk into one issue', () => {
    expect(normalizeOperationOutcome({ resourceType: 'OperationOutcome', issue: [] }).issue).toHaveLength(1);
    expect(normalizeOperationOutcome(new Error('boom')).issue[0]).toMatchObject({ code: 'exception', diagnostics: 'boom' });
    expect(normalizeOperationOutcome('plain').issue[0]!.diagnostics).toBe('plain');
    expect(normalizeOperationOutcome(42).issue[0]!.diagnostics).toBe('Unknown error');
  });
});

describe('outcomeToText', () => {
  it('prefers details.text, then diagnostics, errors before warnings, without duplicates', () => {
    const text = outcomeToText({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'warning', code: 'informational', diagnostics: 'just a warning' },
        { severity: 'error', code: 'required', details: { text: 'Status is required' }, diagnostics: 'HAPI-1821' },
        { severity: 'fatal', code: 'exception', diagnostics: 'Second problem' },
        { severity: 'error', code: 'required', details: { text: 'Status is required' } },
      ],
    });
    expect(text).toBe('Status is required; Second problem');
  });

  it('falls back to warnings, then to issue codes', () => {
    expect(outcomeToText({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'x', diagnostics: 'w' }] })).toBe('w');
    expect(outcomeToText({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict' }] })).toBe('conflict');
  });

  it('collapses whitespace and control characters and caps the length', () => {
    const long = `line1\n\tline2\u0000 ${'x'.repeat(1000)}`;
    const text = outcomeToText({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: long }] }, 50);
    expect(text.startsWith('line1 line2 x')).toBe(true);
    expect(text).toHaveLength(50);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('outcomeFromStatus', () => {
  it('says "non-FHIR page" when the body was not FHIR, and maps the issue code', () => {
    expect(outcomeFromStatus(502, 'Bad Gateway', false).issue[0]).toMatchObject({ code: 'transient', diagnostics: 'The server answered 502 with a non-FHIR page' });
    expect(outcomeFromStatus(412, 'Precondition Failed', true).issue[0]).toMatchObject({ code: 'conflict', diagnostics: 'The server answered 412 Precondition Failed' });
  });
});
