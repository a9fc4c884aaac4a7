import { describe, expect, it } from 'vitest';
import { DEFAULT_FINDINGS, DEFAULT_SMART_SCOPE } from './configSchema';
import { DEFAULT_LOCAL_CONFIG } from './defaultLocalConfig';
import { parseConfig } from './parseConfig';
import type { ConfigProblem } from './parseConfig';

const minimal = { dicomweb: { qidoRoot: '/dicom-web', wadoRoot: '/dicom-web' }, fhir: { baseUrl: '/fhir' } };

function problems(json: unknown): ConfigProblem[] {
  const result = parseConfig(json);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseConfig defaults', () => {
  it('fills every default from a minimal file', () => {
    const result = parseConfig(minimal);
    expect(result).toEqual({
      ok: true,
      config: {
        dicomweb: { qidoRoot: '/dicom-web', wadoRoot: '/dicom-web', sendAuth: false },
        fhir: { baseUrl: '/fhir' },
        auth: { mode: 'none' },
        embed: { allowedOrigins: [] },
        imagingSelection: {
          code: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '111030', display: 'Image Region' },
          findings: DEFAULT_FINDINGS,
          autosave: false,
        },
        viewer: { cacheSizeMB: 512, prefetch: true },
        drafts: { maxAgeDays: 30, maxSizeMB: 5 },
      },
    });
  });

  it('refuses a draft lifetime that is not a whole number of days', () => {
    const result = parseConfig({ ...minimal, drafts: { maxAgeDays: 0.5 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message).join(' ')).toContain('whole number of days');
  });

  it('does not share default objects between parses', () => {
    const a = parseConfig(minimal);
    const b = parseConfig(minimal);
    if (!a.ok || !b.ok) throw new Error('expected ok');
    expect(a.config.imagingSelection.findings).not.toBe(b.config.imagingSelection.findings);
    expect(a.config.imagingSelection.code).not.toBe(b.config.imagingSelection.code);
  });

  it('fills defaults inside a partly given section', () => {
    const result = parseConfig({ ...minimal, viewer: { prefetch: false }, imagingSelection: { autosave: true, patientIdentifierSystem: 'urn:oid:1.2.3' } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.viewer).toEqual({ cacheSizeMB: 512, prefetch: false });
    expect(result.config.imagingSelection).toMatchObject({ autosave: true, patientIdentifierSystem: 'urn:oid:1.2.3', code: { code: '111030' } });
  });

  it('accepts absolute URLs and a SMART config, defaulting the scope', () => {
    const result = parseConfig({
      dicomweb: { qidoRoot: 'https://pacs.example/dicom-web', wadoRoot: 'https://pacs.example/wado', sendAuth: true },
      fhir: { baseUrl: 'https://fhir.example/r5' },
      auth: { mode: 'smart', clientId: 'roi-viewer', iss: 'https://fhir.example/r5', redirectUri: '/callback' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.auth).toEqual({ mode: 'smart', clientId: 'roi-viewer', scope: DEFAULT_SMART_SCOPE, iss: 'https://fhir.example/r5', redirectUri: '/callback' });
  });

  it('accepts the local stack fixture', () => {
    const result = parseConfig(JSON.parse(JSON.stringify(DEFAULT_LOCAL_CONFIG)));
    expect(result.ok).toBe(true);
  });
});

describe('parseConfig problems', () => {
  it('catches a typo in a key and suggests the right one', () => {
    expect(problems({ ...minimal, dicomweb: { qidoroot: '/dicom-web', wadoRoot: '/dicom-web' } })).toEqual([
      { path: 'dicomweb.qidoRoot', message: expect.stringMatching(/^missing: expected an absolute http\(s\) URL or a path/) },
      { path: 'dicomweb.qidoroot', message: 'unknown key; did you mean "qidoRoot"?' },
    ]);
  });

  it('lists the known keys when no suggestion fits, also at the top level', () => {
    const list = problems({ ...minimal, telemetry: true, viewr: {} });
    expect(list).toContainEqual({ path: 'telemetry', message: expect.stringContaining('expected one of dicomweb, fhir, auth') });
    expect(list).toContainEqual({ path: 'viewr', message: 'unknown key; did you mean "viewer"?' });
  });

  it('suggests keys inside array items and union members', () => {
    const list = problems({
      ...minimal,
      auth: { mode: 'smart', clientID: 'x' },
      imagingSelection: { findings: [{ system: 's', code: 'c', display: 'd', dispaly: 'x' }] },
    });
    expect(list).toContainEqual({ path: 'auth.clientID', message: 'unknown key; did you mean "clientId"?' });
    expect(list).toContainEqual({ path: 'auth.clientId', message: 'missing: expected a non-empty string' });
    expect(list).toContainEqual({ path: 'imagingSelection.findings[0].dispaly', message: 'unknown key; did you mean "display"?' });
  });

  it('rejects URLs that are neither http(s) nor an absolute path', () => {
    for (const bad of ['ftp://x/dicom', 'dicom-web', '//evil.example/fhir', 'javascript:alert(1)', '']) {
      expect(problems({ ...minimal, fhir: { baseUrl: bad } })).toEqual([
        { path: 'fhir.baseUrl', message: expect.stringContaining('expected an absolute http(s) URL or a path') },
      ]);
    }
    expect(problems({ ...minimal, fhir: { baseUrl: 8080 } })[0]!.message).toContain('got number 8080');
  });

  it('requires the fhir and dicomweb sections', () => {
    expect(problems({ fhir: { baseUrl: '/fhir' } })).toEqual([{ path: 'dicomweb', message: 'missing: expected object' }]);
  });

  it('validates embed origins: scheme://host[:port] only, no wildcard', () => {
    const list = problems({
      ...minimal,
      embed: { allowedOrigins: ['https://ok.example', 'http://localhost:5174', 'https://a.example/', 'https://a.example/path', '*', 'HTTPS://A.example'] },
    });
    expect(list.map((p) => p.path)).toEqual(['embed.allowedOrigins[2]', 'embed.allowedOrigins[3]', 'embed.allowedOrigins[4]', 'embed.allowedOrigins[5]']);
    expect(list[0]!.message).toMatch(/expected an origin like .* got "https:\/\/a.example\/"/);
  });

  it('rejects an unknown auth mode with the allowed ones', () => {
    expect(problems({ ...minimal, auth: { mode: 'oauth' } })).toEqual([
      { path: 'auth.mode', message: 'expected mode to be one of "none", "host-token", "smart", got "oauth"' },
    ]);
    expect(problems({ ...minimal, auth: {} })).toEqual([{ path: 'auth.mode', message: 'missing: expected mode to be one of "none", "host-token", "smart"' }]);
    expect(problems({ ...minimal, auth: 'none' })[0]!.path).toBe('auth');
  });

  it('bounds the cache size and wants whole megabytes', () => {
    for (const cacheSizeMB of [10, 5000, 100.5, '512']) {
      const [problem] = problems({ ...minimal, viewer: { cacheSizeMB } });
      expect(problem).toEqual({ path: 'viewer.cacheSizeMB', message: expect.stringMatching(/^expected a whole number of megabytes from 64 to 4096, got /) });
    }
  });

  it('rejects a wrong type for booleans and codings', () => {
    const list = problems({ ...minimal, dicomweb: { ...minimal.dicomweb, sendAuth: 'yes' }, imagingSelection: { code: { system: 's', code: '' } } });
    expect(list).toContainEqual({ path: 'dicomweb.sendAuth', message: 'expected true or false, got "yes"' });
    expect(list).toContainEqual({ path: 'imagingSelection.code.code', message: 'expected a non-empty string, got ""' });
    expect(list).toContainEqual({ path: 'imagingSelection.code.display', message: 'missing: expected a non-empty string' });
  });

  it('never throws, whatever it is given', () => {
    for (const junk of [null, undefined, 42, 'config', [], [minimal]]) {
      expect(problems(junk)).toEqual([{ path: '(root)', message: expect.stringMatching(/^expected a JSON object, got /) }]);
    }
  });
});
