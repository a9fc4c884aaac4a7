import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { ViewerPage } from './pages/ViewerPage';
import { clearSelections, fhir, selectionsOf } from './support/fhirServer';
import { countByIdentifier, readDrafts } from './support/drafts';
import { recordFigure } from './support/figures';
import { deleteKeyImages, seriesInArchive } from './support/orthanc';
import { HOST_ORIGIN, HOST_PORT, HostPage, serveHostPage, STRANGER_ORIGIN, STRANGER_PORT } from './support/hostPage';
import { expectNoSeriousA11yViolations } from './support/axe';
import { AS_ORIGIN, AUTH_VIEWER, AuthStack, CLIENT_ID, FHIR_AUDIENCE, LAUNCH_PATIENT, PRACTITIONER } from './support/authStack';

const VIEWER = process.env.VIEWER_URL ?? 'http://127.0.0.1:14173';
const study = () => sample('ct-small');

let stopHosts: Array<() => Promise<void>> = [];
test.beforeAll(async () => {
  stopHosts = [await serveHostPage(HOST_PORT, [VIEWER, AUTH_VIEWER]), await serveHostPage(STRANGER_PORT, [VIEWER, AUTH_VIEWER])];
});
test.afterAll(async () => {
  for (const stop of stopHosts) await stop();
});

test.describe('embedded in a portal on another origin', () => {
  test('the embedded viewer has no serious or critical accessibility violations (axe)', async ({ page }) => {
    const s = study();
    await clearSelections(s.studyUid);
    const host = new HostPage(page);
    await host.open(`${VIEWER}/`);
    await host.waitFor('ready');
    await host.openStudy(s.studyUid);
    await host.waitFor('study-opened');
    await host.waitForImage();
    await expectNoSeriousA11yViolations(page, '#viewer');
  });

  test('the host opens a study, picks a tool, the user draws, the host saves and gets ids that exist on HAPI', async ({ page, consoleErrors }) => {
    const s = study();
    await clearSelections(s.studyUid);
    const host = new HostPage(page);
    await host.open(`${VIEWER}/`);
    const ready = await host.waitFor('ready');
    expect(ready.payload).toMatchObject({ version: 1, auth: 'none' });
    expect(ready.payload.commands).toEqual(expect.arrayContaining(['open-study', 'set-mode', 'set-tool', 'save', 'set-access-token', 'get-state']));

    await host.openStudy(s.studyUid);
    const opened = await host.waitFor('study-opened');
    expect(opened.payload.studyUid).toBe(s.studyUid);
    expect(opened.inReplyTo).toMatch(/^h\d+$/);
    await host.waitForImage();

    await host.setTool('Point');
    // Every command is answered: a carried-out set-tool with `done`, in reply to its id.
    const toolDone = await host.waitFor('done', (m) => m.payload.command === 'set-tool');
    expect(toolDone.inReplyTo).toMatch(/^h\d+$/);
    await expect(host.frame.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Point', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await host.clickCanvasCentre();
    await expect(host.frame.locator('.roi-list > li')).toHaveCount(1);
    await host.waitFor('dirty-changed', (m) => m.payload.dirty === true && m.payload.pending === 1);
    const changed = await host.waitFor('roi-changed', (m) => (m.payload.rois as unknown[]).length === 1);
    expect((changed.payload.rois as Array<{ kind: string; sync: string }>)[0]).toMatchObject({ kind: 'point', sync: 'unsaved' });

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = await host.waitFor('saved');
    const entries = saved.payload.saved as Array<{ roiId: string; resourceId: string; versionId: string }>;
    expect(entries).toHaveLength(1);
    const stored = await fhir(`ImagingSelection/${entries[0]!.resourceId}`);
    expect(stored.status).toBe(200);
    expect((stored.body as { meta: { versionId: string }; studyUid: string }).meta.versionId).toBe(entries[0]!.versionId);
    expect((stored.body as { studyUid: string }).studyUid).toBe(s.studyUid);
    await host.waitFor('dirty-changed', (m) => m.payload.dirty === false);

    await page.getByRole('button', { name: 'Get state' }).click();
    const state = await host.waitFor('state');
    expect(state.payload).toMatchObject({ studyUid: s.studyUid, mode: 'edit', tool: 'Point', dirty: false, pending: 0 });

    // The layout is a command too: answered with `done`, and a wrong name is refused naming the choices.
    const layoutId = await host.send('set-layout', { layout: '1x2' });
    expect((await host.replyTo(layoutId, 'done')).payload).toEqual({ command: 'set-layout' });
    await expect(host.frame.getByRole('region', { name: /^Viewport 2 of 2/ })).toBeVisible();
    const badLayoutId = await host.send('set-layout', { layout: '3x3' });
    expect((await host.replyTo(badLayoutId, 'error')).payload).toMatchObject({ code: 'invalid-message', message: expect.stringContaining('1x2') });
    await host.send('set-layout', { layout: '1x1' });
    await expect(host.frame.getByRole('region', { name: 'Image viewer' })).toBeVisible();

    // The host asks for a key image: it is stored in the archive and recorded, and the reply names both.
    await deleteKeyImages(s.studyUid);
    const keyId = await host.send('save-key-image');
    const key = await host.waitFor('key-image-saved', (m) => m.inReplyTo === keyId);
    expect(key.payload).toMatchObject({ roiIds: [entries[0]!.roiId] });
    const keySeries = (await seriesInArchive(s.studyUid)).find((x) => x.seriesUid === key.payload.seriesUid);
    expect(keySeries?.instances.map((i) => i.sopInstanceUid)).toEqual([key.payload.sopInstanceUid]);
    const illustration = await fhir(`ImagingSelection/${String(key.payload.selectionId)}`);
    expect((illustration.body as { instance: Array<{ uid: string }> }).instance[0]!.uid).toBe(key.payload.sopInstanceUid);
    await deleteKeyImages(s.studyUid);

    // Review mode: drawing tools are refused with an error reply, and the toolbar follows.
    await page.getByRole('button', { name: 'Review mode' }).click();
    await host.waitFor('done', (m) => m.payload.command === 'set-mode');
    await expect(host.frame.getByRole('button', { name: 'Review mode' })).toHaveAttribute('aria-pressed', 'true');
    await host.setTool('Circle');
    const refused = await host.waitFor('error', (m) => m.payload.code === 'refused');
    expect(refused.inReplyTo).toMatch(/^h\d+$/);

    // A malformed command from the allowed host gets an error reply naming the field, and breaks nothing.
    await page.getByRole('button', { name: 'Send a malformed message' }).click();
    const bad = await host.waitFor('error', (m) => m.payload.code === 'invalid-message' && m.inReplyTo !== badLayoutId);
    expect(String(bad.payload.message)).toContain('tool');
    expect(consoleErrors).toEqual([]);
  });

  test('a page on an origin that is not allowed cannot drive the viewer', async ({ page, context }) => {
    const s = study();
    await page.goto(`${STRANGER_ORIGIN}/host.html?viewer=about:blank`);
    const popupPromise = context.waitForEvent('page');
    await page.evaluate((url) => {
      (window as unknown as { viewerWin: Window | null }).viewerWin = window.open(url, 'viewer');
    }, `${VIEWER}/?StudyInstanceUIDs=${s.studyUid}`);
    const viewer = await popupPromise;
    const warnings: string[] = [];
    viewer.on('console', (m) => warnings.push(m.text()));
    await expect(viewer.getByRole('toolbar', { name: 'Tools' })).toBeVisible();
    await expect(viewer.getByTestId('viewport')).toBeVisible();

    const replies = await page.evaluate(async () => {
      const w = (window as unknown as { viewerWin: Window }).viewerWin;
      const got: unknown[] = [];
      window.addEventListener('message', (e) => got.push(e.data));
      const send = (name: string, payload?: unknown) => w.postMessage({ type: 'roi-viewer', version: 1, id: name, name, ...(payload ? { payload } : {}) }, '*');
      send('set-tool', { tool: 'Point' });
      send('set-mode', { mode: 'review' });
      send('open-study', { studyUid: '1.2.3.4.5' });
      send('set-access-token', { token: 'stranger-token' });
      send('get-state');
      await new Promise((r) => setTimeout(r, 1500));
      return got;
    });
    expect(replies).toEqual([]);
    const toolbar = viewer.getByRole('toolbar', { name: 'Tools' });
    await expect(toolbar.getByRole('button', { name: 'Select', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(toolbar.getByRole('button', { name: 'Review mode' })).toHaveAttribute('aria-pressed', 'false');
    expect(new URL(viewer.url()).searchParams.get('StudyInstanceUIDs')).toBe(s.studyUid);
    await expect.poll(() => warnings.some((w) => w.includes(`ignored a message from ${STRANGER_ORIGIN}`))).toBe(true);
    expect(warnings.join('\n')).not.toContain('stranger-token');
  });

  test('a label from the server that looks like HTML is shown as text', async ({ page }) => {
    const s = study();
    await clearSelections(s.studyUid);
    const host = new HostPage(page);
    await host.open(`${VIEWER}/`);
    await host.waitFor('ready');
    await host.openStudy(s.studyUid);
    await host.waitForImage();
    await host.setTool('Point');
    await host.clickCanvasCentre();
    await expect(host.frame.locator('.roi-list > li')).toHaveCount(1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = await host.waitFor('saved');
    const id = (saved.payload.saved as Array<{ resourceId: string }>)[0]!.resourceId;

    // Someone else's system writes a hostile label.
    const evil = '<img src=x onerror="window.__pwned=1">';
    const res = (await fhir(`ImagingSelection/${id}`)).body as { category?: Array<{ text?: string }> };
    res.category = [{ text: evil }];
    expect((await fhir(`ImagingSelection/${id}`, { method: 'PUT', body: JSON.stringify(res) })).status).toBe(200);

    await page.reload();
    await host.waitFor('ready');
    await host.openStudy(s.studyUid);
    const label = host.frame.locator('.roi-list .roi-label').first();
    await expect(label).toHaveText(evil);
    expect(await host.frame.locator('.roi-list img').count()).toBe(0);
    const pwned = await host.frame.locator('body').evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
    expect(pwned).toBeUndefined();
  });

  test('the viewer is usable in a 480×360 frame', async ({ page }) => {
    const s = study();
    await clearSelections(s.studyUid);
    const host = new HostPage(page);
    await host.open(`${VIEWER}/`, { size: '480x360' });
    await host.waitFor('ready');
    await host.openStudy(s.studyUid);
    await host.waitForImage();
    const frameBox = (await page.locator('#viewer').boundingBox())!;
    expect(Math.round(frameBox.width)).toBeLessThanOrEqual(484);
    const canvas = (await host.canvas().boundingBox())!;
    expect(canvas.width).toBeGreaterThan(120);
    expect(canvas.height).toBeGreaterThan(80);
    // The canvas lies inside the frame, and the toolbar's drawing tools can be clicked.
    expect(canvas.x).toBeGreaterThanOrEqual(frameBox.x - 1);
    expect(canvas.y + canvas.height).toBeLessThanOrEqual(frameBox.y + frameBox.height + 1);
    // The toolbar is one row (tools as named icons, the rest behind "More actions"), so the image keeps most of the frame.
    const toolbar = host.frame.getByRole('toolbar', { name: 'Tools' });
    expect((await toolbar.boundingBox())!.height).toBeLessThanOrEqual(44);
    expect(canvas.height).toBeGreaterThanOrEqual(0.5 * frameBox.height);
    const point = toolbar.getByRole('button', { name: 'Point', exact: true });
    await point.click();
    await expect(point).toHaveAttribute('aria-pressed', 'true');
    await host.clickCanvasCentre();
    await expect(host.frame.locator('.roi-list > li')).toHaveCount(1);
    const more = toolbar.getByRole('button', { name: 'More actions' });
    await more.click();
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    const panel = toolbar.getByRole('group', { name: 'More actions' });
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(panel).toHaveCount(0);
    await expect.poll(async () => (await selectionsOf(s.studyUid)).length).toBe(1);
    await expectNoSeriousA11yViolations(page, '#viewer');
  });
});

test.describe('the host switches study while work is unsaved', () => {
  test('open-study with unsaved work answers unsaved-changes and stays; with unsaved "keep" it switches, and the work comes back on reopen', async ({ page }) => {
    const a = sample('mr-jpegls');
    const b = sample('ct-small');
    let count: ReturnType<typeof countByIdentifier> | undefined;
    try {
      await clearSelections(a.studyUid);
      const host = new HostPage(page);
      await host.open(`${VIEWER}/`);
      await host.waitFor('ready');
      await host.send('open-study', { studyUid: a.studyUid });
      await host.waitForImage();
      await host.setTool('Point');
      await host.clickCanvasCentre();
      await host.clickCanvasCentre(15, 10);
      await expect(host.frame.locator('.roi-list > li')).toHaveCount(2);
      const frame = page.frames().find((f) => f.url().startsWith(VIEWER))!;
      await expect.poll(async () => (await readDrafts(frame)).length).toBe(2);
      const ids = (await readDrafts(frame)).map((d) => d.roiId);

      const asked = await host.send('open-study', { studyUid: b.studyUid });
      const reply = await host.replyTo(asked, 'unsaved-changes');
      expect(reply.payload).toEqual({ studyUid: a.studyUid, requestedStudyUid: b.studyUid, unsaved: 2, deleted: 0 });
      await expect(host.frame.locator('.roi-list > li')).toHaveCount(2);
      await expect(host.frame.getByRole('dialog', { name: 'Unsaved changes' })).toBeHidden();

      const kept = await host.send('open-study', { studyUid: b.studyUid, unsaved: 'keep' });
      expect((await host.replyTo(kept, 'study-opened')).payload.studyUid).toBe(b.studyUid);
      expect(await selectionsOf(a.studyUid)).toEqual([]);

      const back = await host.send('open-study', { studyUid: a.studyUid });
      await host.replyTo(back, 'study-opened');
      await expect(host.frame.getByRole('alert').filter({ hasText: '2 unsaved regions were restored' })).toBeVisible();
      const saved = await host.send('save');
      await host.replyTo(saved, 'saved');
      count = countByIdentifier(ids, await selectionsOf(a.studyUid));
      expect(count).toEqual({ drawn: 2, stored: 2, lost: 0, duplicated: 0 });
    } finally {
      recordFigure({ kind: 'workflow', title: 'Host open-study with 2 unsaved ROIs: unsaved-changes, then unsaved "keep", reopen, save', passed: count?.lost === 0 && count.duplicated === 0, ...(count ?? {}) });
    }
  });
});

test.describe('the host exports a DICOM SR', () => {
  test('export-sr stores the drawn ROIs as a TID 1500 SR and answers sr-exported with the instance the archive holds', async ({ page, request }) => {
    const s = sample('mr-rle');
    await clearSelections(s.studyUid);
    const host = new HostPage(page);
    await host.open(`${VIEWER}/`);
    await host.waitFor('ready');
    await host.send('open-study', { studyUid: s.studyUid });
    await host.waitForImage();
    await host.setTool('Point');
    await host.clickCanvasCentre();
    await expect(host.frame.locator('.roi-list > li')).toHaveCount(1);
    const sent = await host.send('export-sr');
    const reply = await host.replyTo(sent, 'sr-exported');
    expect(reply.payload).toMatchObject({ studyUid: s.studyUid, regions: 1 });
    const { seriesUid, sopInstanceUid } = reply.payload as { seriesUid: string; sopInstanceUid: string };
    const stored = await request.get(`${VIEWER}/dicom-web/studies/${s.studyUid}/series/${seriesUid}/instances?SOPInstanceUID=${sopInstanceUid}`);
    expect(((await stored.json()) as unknown[]).length).toBe(1);
  });
});

test.describe('auth against a HAPI that verifies JWTs', () => {
  test.describe.configure({ mode: 'serial' });
  const stack = new AuthStack();
  const baseConfig = {
    dicomweb: { qidoRoot: '/dicom-web', wadoRoot: '/dicom-web' },
    fhir: { baseUrl: '/fhir' },
    embed: { allowedOrigins: [HOST_ORIGIN] },
    imagingSelection: { patientIdentifierSystem: 'urn:oid:1.2.826.0.1.3680043.10.1338.1' },
  };

  test.beforeAll(async () => {
    test.setTimeout(300_000); // HAPI's cold start on 2 cores
    await stack.start({ ...baseConfig, auth: { mode: 'host-token' } });
  });
  test.afterAll(async () => {
    await stack.stop();
  });

  test('host-token: an expired token brings token-expired, and the request succeeds with the new token; the token is never stored or logged', async ({ page }) => {
    stack.writeConfig({ ...baseConfig, auth: { mode: 'host-token' } });
    const s = study();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    const expired = stack.token(-600);
    const fresh = stack.token(600);

    const host = new HostPage(page);
    await host.open(`${AUTH_VIEWER}/`);
    const ready = await host.waitFor('ready');
    expect(ready.payload.auth).toBe('host-token');
    // Without expiresAt the viewer cannot know it is stale: HAPI must refuse it (401).
    await host.sendToken(expired);
    await host.openStudy(s.studyUid);
    await host.waitForImage();
    await host.waitFor('token-expired');
    await host.sendToken(fresh);
    // The refused search was repeated with the new token: the ROI list loads without an error.
    await expect(host.frame.getByRole('complementary', { name: 'Regions of interest' })).not.toContainText(/401|sign-in|refused/i);

    await host.setTool('Point');
    await host.clickCanvasCentre();
    await expect(host.frame.locator('.roi-list > li')).toHaveCount(1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = await host.waitFor('saved');
    const id = (saved.payload.saved as Array<{ resourceId: string }>)[0]!.resourceId;
    expect((await stack.fhir(`ImagingSelection/${id}`)).status).toBe(200);
    // HAPI really checks: the same read without a token is refused.
    expect((await stack.fhir(`ImagingSelection/${id}`, { headers: { Authorization: '' } })).status).toBe(401);
    expect(await host.count('token-expired')).toBe(1);

    const frame = page.frames().find((f) => f.url().startsWith(AUTH_VIEWER))!;
    const traces = await frame.evaluate(async () => {
      const dbs = (await indexedDB.databases?.()) ?? [];
      return {
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
        url: location.href,
        history: JSON.stringify(history.state),
        dbs: JSON.stringify(dbs),
      };
    });
    for (const t of [expired, fresh]) {
      const sig = t.split('.')[2]!;
      for (const [where, text] of Object.entries(traces)) expect(text.includes(sig), `token in ${where}`).toBe(false);
      expect(consoleLines.some((l) => l.includes(sig)), 'token in console output').toBe(false);
    }
  });

  test('two users on one browser profile: each gets only their own drafts; logout clears them and the token', async ({ page }) => {
    stack.writeConfig({ ...baseConfig, auth: { mode: 'host-token' } });
    const s = sample('mr-rle');
    let count: ReturnType<typeof countByIdentifier> | undefined;
    try {
      const clear = async () => {
        for (const x of ((await stack.fhir(`ImagingSelection?study-uid=${s.studyUid}&_count=200`)).body as { entry?: Array<{ resource: { id: string } }> }).entry ?? []) await stack.fhir(`ImagingSelection/${x.resource.id}`, { method: 'DELETE' });
      };
      await clear();
      const stored = async () => ((await stack.fhir(`ImagingSelection?study-uid=${s.studyUid}&_count=200`)).body as { entry?: Array<{ resource: Parameters<typeof countByIdentifier>[1][number] }> }).entry?.map((e) => e.resource) ?? [];
      const host = new HostPage(page);
      const roiItems = host.frame.locator('.roi-list > li');
      const frame = () => page.frames().find((f) => f.url().startsWith(AUTH_VIEWER))!;
      await host.open(`${AUTH_VIEWER}/`);
      await host.waitFor('ready');

      // Dr A draws one ROI and leaves it unsaved.
      await host.send('set-access-token', { token: stack.token(600), user: 'dr-a' });
      await host.send('open-study', { studyUid: s.studyUid });
      await host.waitForImage();
      await host.setTool('Point');
      await host.clickCanvasCentre();
      await expect(roiItems).toHaveCount(1);
      await expect.poll(async () => (await readDrafts(frame())).map((d) => JSON.parse(d.scope)[2])).toEqual(['dr-a']);
      const aIds = (await readDrafts(frame())).map((d) => d.roiId);

      // Dr B takes over the same browser: A's work is not shown, not restored, not saved as B's.
      await host.send('set-access-token', { token: stack.token(600), user: 'dr-b' });
      await expect(roiItems).toHaveCount(0);
      await expect(host.frame.getByRole('alert').filter({ hasText: 'restored' })).toHaveCount(0);
      await host.clickCanvasCentre(20, 20);
      await expect(roiItems).toHaveCount(1);
      const bSave = await host.send('save');
      const bSaved = (await host.replyTo(bSave, 'saved')).payload.saved as Array<{ roiId: string }>;
      expect(bSaved).toHaveLength(1);
      const bIds = bSaved.map((x) => x.roiId);
      expect(countByIdentifier(bIds, await stored())).toEqual({ drawn: 1, stored: 1, lost: 0, duplicated: 0 });
      expect(countByIdentifier(aIds, await stored()).stored).toBe(0);

      // B logs out: B had no drafts left; A's draft stays A's.
      const out = await host.send('logout');
      expect((await host.replyTo(out, 'logged-out')).payload).toEqual({ draftsCleared: 0 });
      expect((await readDrafts(frame())).map((d) => JSON.parse(d.scope)[2])).toEqual(['dr-a']);

      // A comes back: A's own draft is restored and saved under A's token.
      await host.send('set-access-token', { token: stack.token(600), user: 'dr-a' });
      const reopen = await host.send('open-study', { studyUid: s.studyUid });
      await host.replyTo(reopen, 'study-opened');
      await expect(host.frame.getByRole('alert').filter({ hasText: '1 unsaved region was restored' })).toBeVisible();
      await expect(roiItems).toHaveCount(2);
      const aSave = await host.send('save');
      await host.replyTo(aSave, 'saved');
      count = countByIdentifier([...aIds, ...bIds], await stored());
      expect(count).toEqual({ drawn: 2, stored: 2, lost: 0, duplicated: 0 });
      expect(await readDrafts(frame())).toEqual([]);

      // A draws again and logs out without saving: the draft goes with A.
      await host.setTool('Point');
      await host.clickCanvasCentre(-25, 15);
      await expect.poll(async () => (await readDrafts(frame())).length).toBe(1);
      const aOut = await host.send('logout');
      expect((await host.replyTo(aOut, 'logged-out')).payload).toEqual({ draftsCleared: 1 });
      expect(await readDrafts(frame())).toEqual([]);
      expect(countByIdentifier([...aIds, ...bIds], await stored())).toEqual(count);
    } finally {
      recordFigure({ kind: 'workflow', title: 'Two users on one browser profile (host tokens for dr-a, dr-b), each with unsaved work, logout', passed: count?.lost === 0 && count.duplicated === 0, ...(count ?? {}) });
    }
  });

  test('SMART EHR launch: PKCE against the local authorization server; the ImagingSelection subject is the launch patient', async ({ page }) => {
    const s = sample('mr-small'); // not the study the host-token test wrote to
    stack.writeConfig({
      ...baseConfig,
      auth: { mode: 'smart', clientId: CLIENT_ID, redirectUri: `${AUTH_VIEWER}/`, scope: 'launch openid fhirUser patient/*.rs user/ImagingSelection.cu', authorizationServer: AS_ORIGIN },
    });
    for (const [type, id] of [['Patient', LAUNCH_PATIENT], ['Practitioner', PRACTITIONER.split('/')[1]!]] as const) {
      const put = await stack.fhir(`${type}/${id}`, { method: 'PUT', body: JSON.stringify({ resourceType: type, id, name: [{ family: 'Launch' }] }) });
      expect([200, 201]).toContain(put.status);
    }
    stack.launches.set('launch-1', LAUNCH_PATIENT);
    // The EHR's discovery document (HAPI itself does not publish one).
    await page.route(`${AUTH_VIEWER}/fhir/.well-known/smart-configuration`, (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          issuer: AS_ORIGIN,
          authorization_endpoint: `${AS_ORIGIN}/auth`,
          token_endpoint: `${AS_ORIGIN}/token`,
          code_challenge_methods_supported: ['S256'],
          capabilities: ['launch-ehr', 'client-public', 'context-ehr-patient', 'sso-openid-connect'],
        }),
      }),
    );
    await page.goto(`${AUTH_VIEWER}/?iss=${encodeURIComponent(FHIR_AUDIENCE)}&launch=launch-1&StudyInstanceUIDs=${s.studyUid}`);
    // oidc-provider's development login form: any user name works.
    await page.locator('input[name="login"]').fill('dr-smart');
    await page.locator('input[name="password"]').fill('x');
    await page.locator('button[type="submit"]').click();
    await expect(page).toHaveURL(new RegExp(`^${AUTH_VIEWER}/\\?StudyInstanceUIDs=`));
    await expect(page.getByTestId('viewport')).toBeVisible();
    const viewer = new ViewerPage(page);
    await viewer.waitForImage();
    await viewer.useTool('Point');
    const c = await viewer.centre();
    await viewer.clickAt(c.x, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await page.getByRole('toolbar', { name: 'Tools' }).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved 1 region/ })).toBeVisible();
    const found = (await stack.fhir(`ImagingSelection?study-uid=${s.studyUid}&subject=Patient/${LAUNCH_PATIENT}`)).body as { entry?: Array<{ resource: { subject: { reference: string }; performer?: Array<{ actor: { reference: string } }> } }> };
    expect(found.entry?.length).toBe(1);
    const sel = found.entry![0]!.resource;
    expect(sel.subject.reference).toBe(`Patient/${LAUNCH_PATIENT}`);
    expect(sel.performer?.[0]?.actor.reference).toContain(PRACTITIONER);
    const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    expect(storage).not.toContain('access_token');
  });
});
