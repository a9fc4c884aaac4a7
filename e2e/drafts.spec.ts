import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { selectionsOf } from './support/fhirServer';

test.describe('drafts survive a reload', () => {
  test('unsaved ROIs come back after a reload, marked unsaved, and can be saved', async ({ viewer, page }) => {
    const s = sample('mr-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await viewer.clickAt(c.x, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.clickAt(c.x + 30, c.y + 30);
    await expect(viewer.roiItems()).toHaveCount(2);
    await page.waitForTimeout(300); // the draft write is asynchronous
    await page.reload();
    await viewer.waitForImage();
    const banner = page.getByRole('alert').filter({ hasText: 'restored from your last session' });
    await expect(banner).toContainText('2 unsaved regions were restored');
    await expect(viewer.roiPanel.getByText('unsaved', { exact: true })).toHaveCount(2);
    expect(await selectionsOf(s.studyUid)).toHaveLength(0);
    await banner.getByRole('button', { name: 'Save restored work' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved 2 regions/ })).toBeVisible();
    expect(await selectionsOf(s.studyUid)).toHaveLength(2);
    await page.reload();
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(2);
    await expect(banner).toHaveCount(0);
  });

  test('restored work can be discarded: an edit reverts to the stored version', async ({ viewer, page }) => {
    const s = sample('mr-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await viewer.clickAt(c.x, c.y);
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.save();
    await viewer.roiPanel.getByLabel('Label', { exact: true }).fill('edited');
    await page.waitForTimeout(300);
    await page.reload();
    await viewer.waitForImage();
    const banner = page.getByRole('alert').filter({ hasText: 'restored from your last session' });
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Discard restored work' }).click();
    await expect(viewer.roiPanel.getByText('saved', { exact: true })).toHaveCount(1);
    await expect(viewer.roiPanel.getByText('edited')).toHaveCount(0);
    await page.reload();
    await viewer.waitForImage();
    await expect(banner).toHaveCount(0);
  });

  test('leaving with unsaved work asks first', async ({ viewer, page }) => {
    const s = sample('mr-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag(c, { x: c.x + 40, y: c.y });
    await expect(viewer.roiPanel.getByText('unsaved', { exact: true }).first()).toBeVisible();
    const dialog = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const d = await dialog;
    expect(d.type()).toBe('beforeunload');
    await d.accept();
  });
});
