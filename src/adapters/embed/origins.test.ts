import { describe, expect, it } from 'vitest';
import { initialTargetOrigins, isAllowedOrigin } from './origins';

const allowed = ['https://pacs.example', 'http://127.0.0.1:14174'];

describe('isAllowedOrigin', () => {
  it.each([
    ['https://pacs.example', true],
    ['http://127.0.0.1:14174', true],
    ['http://pacs.example', false], // scheme differs
    ['https://pacs.example:443', false], // browsers never send a default port; a configured origin has none either
    ['https://evil-pacs.example', false],
    ['https://pacs.example.evil.test', false],
    ['http://127.0.0.1:14175', false],
    ['null', false], // sandboxed frames and file: pages
    ['', false],
  ])('%s → %s', (origin, ok) => expect(isAllowedOrigin(origin, allowed)).toBe(ok));

  it('allows nothing when the list is empty', () => expect(isAllowedOrigin('https://pacs.example', [])).toBe(false));
});

describe('initialTargetOrigins', () => {
  it('uses the referrer when it is allowed', () => expect(initialTargetOrigins('http://127.0.0.1:14174/examples/host.html?x=1', allowed)).toEqual(['http://127.0.0.1:14174']));
  it('tries every allowed origin without a referrer', () => expect(initialTargetOrigins('', allowed)).toEqual(allowed));
  it('never targets a referrer that is not allowed', () => expect(initialTargetOrigins('https://evil.test/', allowed)).toEqual(allowed));
  it('survives a malformed referrer', () => expect(initialTargetOrigins('::::', allowed)).toEqual(allowed));
});
