import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_BEGIN, DOCS_END, renderEmbedApiDocs } from './apiDocs';

const README = path.resolve(__dirname, '../../../README.md');

describe('README postMessage API reference', () => {
  it('matches the schemas (UPDATE_EMBED_DOCS=1 rewrites it)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(DOCS_BEGIN);
    const end = readme.indexOf(DOCS_END);
    expect(start, 'README.md has the generated block markers').toBeGreaterThanOrEqual(0);
    const current = readme.slice(start, end + DOCS_END.length);
    const fresh = renderEmbedApiDocs();
    if (process.env.UPDATE_EMBED_DOCS === '1' && current !== fresh) {
      // Re-read just before writing: other people edit README.md too.
      const latest = readFileSync(README, 'utf8');
      writeFileSync(README, latest.slice(0, latest.indexOf(DOCS_BEGIN)) + fresh + latest.slice(latest.indexOf(DOCS_END) + DOCS_END.length));
      return;
    }
    expect(current).toBe(fresh);
  });
});
