import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { ViewerPage } from './pages/ViewerPage';
import { sample } from './support/samples';
import { fhir, selectionsOf, clearSelections, coordinates } from './support/fhirServer';
import { countByIdentifier, identifierOf, readDrafts, type Count } from './support/drafts';
import { clearFaults, setFaults } from './support/faults';
import { recordFigure } from './support/figures';

// "Nothing lost, however the user moves": each scenario draws, moves, and then checks what HAPI
// holds (by the ROI's identifier) and what the user sees. Figures go to the README's table via
// `npm run report`.

/** Draws `n` points around the centre; returns their ROI ids (from the viewer's drafts). */
async function drawPoints(viewer: ViewerPage, page: Page, n: number): Promise<string[]> {
  const c = await viewer.centre();
  await viewer.useTool('Point');
  const before = await viewer.roiItems().count();
  for (let i = 0; i < n; i++) await viewer.clickAt(c.x - 20 + i * 15, c.y - 10 + i * 7);
  await expect(viewer.roiItems()).toHaveCount(before + n);
  await expect.poll(async () => (await readDrafts(page)).length).toBeGreaterThanOrEqual(n);
  return (await readDrafts(page)).map((d) => d.roiId);
}

/** Records the scenario's figure whatever happens, and fails the test if it did not pass. */
async function scenario(title: string, body: () => Promise<Count>): Promise<void> {
  let count: Count | undefined;
  let passed = false;
  try {
    count = await body();
    passed = count.lost === 0 && count.duplicated === 0;
  } finally {
    recordFigure({ kind: 'workflow', title, passed, ...(count ?? {}) });
  }
  expect(count).toMatchObject({ lost: 0, duplicated: 0 });
}

test.describe('study switches keep unsaved work', () => {
  test('Back to studies → Keep as draft, reopen from the list: the ROIs come back and are saved once', async ({ viewer, browser_, page, consoleErrors }) => {
    const s = sample('mr-jpegls');
    await scenario('Back to studies with 2 unsaved ROIs → Keep as draft → reopen → Save', async () => {
      await viewer.openFresh(s.studyUid);
      const ids = await drawPoints(viewer, page, 2);
      await viewer.backToStudies();
      const dialog = viewer.leaveDialog();
      await expect(dialog).toContainText('This study has 2 regions not saved');
      await dialog.getByRole('button', { name: 'Keep as draft' }).click();
      await expect(browser_.table).toBeVisible();
      expect(page.url()).not.toContain('StudyInstanceUIDs');
      expect(await selectionsOf(s.studyUid)).toHaveLength(0);

      await browser_.rows().filter({ hasText: s.description }).click();
      await viewer.waitForImage();
      const banner = page.getByRole('alert').filter({ hasText: 'restored from your last session' });
      await expect(banner).toContainText('2 unsaved regions were restored');
      await expect(viewer.roiItems()).toHaveCount(2);
      await banner.getByRole('button', { name: 'Save restored work' }).click();
      await expect(viewer.saveStatus()).toHaveText('All saved');
      const count = countByIdentifier(ids, await selectionsOf(s.studyUid));
      expect(count).toEqual({ drawn: 2, stored: 2, lost: 0, duplicated: 0 });
      return count;
    });
    expect(consoleErrors).toEqual([]);
  });

  test('Back to studies → Save stores the work before leaving', async ({ viewer, browser_, page }) => {
    const s = sample('mr-rle');
    await scenario('Back to studies with 2 unsaved ROIs → Save', async () => {
      await viewer.openFresh(s.studyUid);
      const ids = await drawPoints(viewer, page, 2);
      await viewer.backToStudies();
      await viewer.leaveDialog().getByRole('button', { name: 'Save', exact: true }).click();
      await expect(browser_.table).toBeVisible();
      await expect(viewer.leaveDialog()).toBeHidden();
      const count = countByIdentifier(ids, await selectionsOf(s.studyUid));
      expect(count).toEqual({ drawn: 2, stored: 2, lost: 0, duplicated: 0 });
      return count;
    });
  });

  test('Back to studies → Discard: nothing stored, nothing restored; Stay keeps the work on screen', async ({ viewer, browser_, page }) => {
    const s = sample('mr-j2k');
    await viewer.openFresh(s.studyUid);
    await drawPoints(viewer, page, 1);
    await viewer.backToStudies();
    await viewer.leaveDialog().getByRole('button', { name: 'Stay on this study' }).click();
    await expect(viewer.leaveDialog()).toBeHidden();
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.backToStudies();
    await viewer.leaveDialog().getByRole('button', { name: 'Discard' }).click();
    await expect(browser_.table).toBeVisible();
    expect(await readDrafts(page)).toEqual([]);
    await browser_.rows().filter({ hasText: s.description }).click();
    await viewer.waitForImage();
    await expect(viewer.saveStatus()).toHaveText('All saved');
    await expect(viewer.roiItems()).toHaveCount(0);
    expect(await selectionsOf(s.studyUid)).toEqual([]);
  });

  test('browser Back with unsaved work asks; the URL stays on the study until the user decides', async ({ viewer, browser_, page }) => {
    const s = sample('ct-small');
    await scenario('Browser Back with 1 unsaved ROI → Keep as draft → Back again → Save', async () => {
      await clearSelections(s.studyUid);
      await browser_.goto();
      await browser_.rows().filter({ hasText: s.description }).click();
      await viewer.waitForImage();
      const ids = await drawPoints(viewer, page, 1);
      await page.goBack();
      await expect(viewer.leaveDialog()).toBeVisible();
      expect(page.url()).toContain(`StudyInstanceUIDs=${s.studyUid}`);
      await expect(viewer.roiItems()).toHaveCount(1);
      await viewer.leaveDialog().getByRole('button', { name: 'Keep as draft' }).click();
      await expect(browser_.table).toBeVisible();
      await page.goBack();
      await viewer.waitForImage();
      await expect(page.getByRole('alert').filter({ hasText: '1 unsaved region was restored' })).toBeVisible();
      await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(viewer.saveStatus()).toHaveText('All saved');
      const count = countByIdentifier(ids, await selectionsOf(s.studyUid));
      expect(count).toEqual({ drawn: 1, stored: 1, lost: 0, duplicated: 0 });
      return count;
    });
  });
});

test('Log out (header button) asks, then deletes this user\'s drafts and returns to the study list', async ({ viewer, browser_, page }) => {
  const s = sample('mr-j2k');
  await viewer.openFresh(s.studyUid);
  await drawPoints(viewer, page, 1);
  page.once('dialog', (d) => {
    expect(d.message()).toContain('discard 1 unsaved region');
    void d.accept();
  });
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(browser_.table).toBeVisible();
  expect(await readDrafts(page)).toEqual([]);
  await browser_.rows().filter({ hasText: s.description }).click();
  await viewer.waitForImage();
  await expect(viewer.saveStatus()).toHaveText('All saved');
  await expect(viewer.roiItems()).toHaveCount(0);
  expect(await selectionsOf(s.studyUid)).toEqual([]);
});

test.describe('the save queue with edits in flight', () => {
  test.afterEach(async () => {
    await clearFaults();
  });

  test('an ROI deleted while the fault proxy holds its create ends entered-in-error on the server', async ({ viewer, page }) => {
    const s = sample('mr-jpegls');
    await scenario('Delete while the fault proxy holds the create (4 s)', async () => {
      await viewer.openFresh(s.studyUid);
      const [id] = await drawPoints(viewer, page, 1);
      await setFaults('fhir', { mode: 'delay', delayMs: 4000, methods: ['POST'], count: 1 });
      await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(viewer.saveStatus()).toHaveText('Saving…');
      await viewer.roiItems().first().getByRole('button').first().click();
      await viewer.toolbar.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(viewer.roiItems()).toHaveCount(0);
      await expect(viewer.saveStatus()).toHaveText('All saved', { timeout: 30_000 });
      const stored = await selectionsOf(s.studyUid);
      expect(stored.map((x) => [identifierOf(x), x.status])).toEqual([[`urn:uuid:${id}`, 'entered-in-error']]);
      await page.reload();
      await viewer.waitForImage();
      await expect(viewer.saveStatus()).toHaveText('All saved');
      await expect(viewer.roiItems()).toHaveCount(0);
      // The user wanted it gone: nothing was to be kept, nothing live is left.
      return { ...countByIdentifier([], stored), drawn: 1 };
    });
  });

  test('a create whose identifier another tab already stored differently opens the conflict dialog', async ({ viewer, page }) => {
    const s = sample('mr-rle');
    await scenario('Create conflict: the same ROI stored differently by another tab → Keep mine', async () => {
      await viewer.openFresh(s.studyUid);
      const [id] = await drawPoints(viewer, page, 1);
      const mine = (await readDrafts(page)).find((d) => d.roiId === id)!.roi.points.flat();
      const inst = s.series[0]!.instances[0]!;
      const theirs = {
        resourceType: 'ImagingSelection',
        identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id}` }],
        status: 'available',
        subject: { type: 'Patient', identifier: { value: s.patientId } },
        code: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '121200', display: 'Illustration of ROI' }] },
        category: [{ text: 'from the other tab' }],
        studyUid: s.studyUid,
        derivedFrom: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${s.studyUid}` } }],
        seriesUid: s.series[0]!.seriesUid,
        instance: [{ uid: inst.sopInstanceUid, sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${inst.sopClassUid}` }, imageRegion2D: [{ regionType: 'point', coordinate: [3.5, 4.5] }] }],
      };
      expect((await fhir('ImagingSelection', { method: 'POST', body: JSON.stringify(theirs) })).status).toBe(201);

      await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Save conflict' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('conflict-theirs')).toContainText('from the other tab');
      let stored = await selectionsOf(s.studyUid);
      expect(stored.map((x) => [identifierOf(x), x.meta.versionId, coordinates(x)])).toEqual([[`urn:uuid:${id}`, '1', [3.5, 4.5]]]);

      await dialog.getByRole('button', { name: 'Keep mine' }).click();
      await expect(dialog).toBeHidden();
      await viewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(viewer.saveStatus()).toHaveText('All saved');
      stored = await selectionsOf(s.studyUid);
      expect(stored).toHaveLength(1);
      expect(identifierOf(stored[0]!)).toBe(`urn:uuid:${id}`);
      expect(stored[0]!.meta.versionId).toBe('2');
      expect(coordinates(stored[0]!)).toEqual(mine.map((v) => expect.closeTo(v, 3)));
      return countByIdentifier([id!], stored);
    });
  });
});
