import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { orthancAuthHeaders, orthancCredentials, writeOrthancConfig } from './orthanc.mjs';

describe('Orthanc credentials', () => {
  it('are created once per profile (mode 0600), reused, and required by the generated config', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orthanc-'));
    const prof = { name: 't', orthancPort: 1, orthancDir: dir, orthancCredentialsFile: path.join(dir, 'credentials') };
    const first = orthancCredentials(prof);
    expect(first).toMatch(/^roi-viewer-proxy:[A-Za-z0-9_-]{32}$/);
    expect(fs.statSync(prof.orthancCredentialsFile).mode & 0o777).toBe(0o600);
    expect(orthancCredentials(prof)).toBe(first);
    const config = JSON.parse(fs.readFileSync(writeOrthancConfig(prof), 'utf8'));
    const [user, password] = first.split(':');
    expect(config.AuthenticationEnabled).toBe(true);
    expect(config.RegisteredUsers).toEqual({ [user]: password });
    expect(orthancAuthHeaders(prof).Authorization).toBe(`Basic ${Buffer.from(first).toString('base64')}`);
  });
});
