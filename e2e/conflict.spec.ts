import { test, expect } from './fixtures';
import { ViewerPage } from './pages/ViewerPage';
import { sample } from './support/samples';
import { fhir, selectionsOf } from './support/fhirServer';

test('two users edit the same ROI: the second gets the conflict dialog and nothing is overwritten silently', async ({ browser, viewer, page }) => {
  const s = sample('rgb-jpeg');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 30, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();

  const other = await browser.newContext();
  const otherViewer = new ViewerPage(await other.newPage());
  await otherViewer.open(s.studyUid);
  await otherViewer.waitForImage();
  await expect(otherViewer.roiItems()).toHaveCount(1);

  // User A relabels and saves: version 2.
  await viewer.roiPanel.getByLabel('Label', { exact: true }).fill('from A');
  await viewer.save();
  expect((await selectionsOf(s.studyUid))[0]!.meta.versionId).toBe('2');

  // User B, still on version 1, relabels and saves.
  await otherViewer.roiItems().first().getByRole('button').first().click();
  await otherViewer.roiPanel.getByLabel('Label', { exact: true }).fill('from B');
  await otherViewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = otherViewer.page.getByRole('dialog', { name: 'Save conflict' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-theirs')).toContainText('from A');
  await expect(dialog.getByTestId('conflict-mine')).toContainText('from B');
  let [stored] = await selectionsOf(s.studyUid);
  expect(stored!.category?.[0]?.text).toBe('from A');

  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await expect(dialog).toBeHidden();
  await otherViewer.toolbar.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(otherViewer.page.getByRole('status').filter({ hasText: /^Saved 1 region/ })).toBeVisible();
  [stored] = await selectionsOf(s.studyUid);
  expect(stored!.meta.versionId).toBe('3');
  expect(stored!.category?.[0]?.text).toBe('from B');
  // The ROI's measurement group says the same as its selection: B's label, not A's.
  const groups = (await fhir(`Observation?derived-from=ImagingSelection/${stored!.id}&_count=50`)).body as { entry?: Array<{ resource: { category?: Array<{ coding?: Array<{ code?: string }> }>; code?: { text?: string } } }> };
  const group = groups.entry?.map((e) => e.resource).find((o) => o.category?.some((c) => c.coding?.some((k) => k.code === '125007')));
  expect(group?.code?.text).toBe('from B');
  await other.close();
  void page;
});
