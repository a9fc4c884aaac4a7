import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';

// A reviewer asks who changed an ROI and what it looked like before.
test('edit an ROI three times, open History, see the earlier outlines, restore the first', async ({ viewer, page }) => {
  const s = sample('ct-ankle-implicit');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 30, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  const v1 = coordinates((await selectionsOf(s.studyUid))[0]!);

  await viewer.useTool('Select');
  for (const [from, to] of [[30, 50], [50, 70], [70, 90]] as const) {
    await viewer.dragHandle({ x: c.x + from, y: c.y }, { x: c.x + to, y: c.y });
    await expect(viewer.roiPanel.getByText('unsaved', { exact: true })).toHaveCount(1);
    await viewer.save();
  }
  expect((await selectionsOf(s.studyUid))[0]!.meta.versionId).toBe('4');

  await viewer.roiItems().first().click();
  await viewer.roiPanel.getByRole('button', { name: 'History of the selected region' }).click();
  const history = viewer.roiPanel.getByRole('region', { name: /^History of / });
  const rows = history.getByRole('row', { name: /^Version / });
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('4 (current)');
  await expect(rows.nth(0)).toContainText('geometry');
  await expect(rows.nth(3)).toContainText('created');

  for (const v of ['3', '2', '1']) {
    const show = history.getByRole('row', { name: `Version ${v}` }).getByRole('button', { name: 'Show outline' });
    await show.click();
    await expect(show).toHaveAttribute('aria-pressed', 'true');
  }
  // The three earlier outlines are on the image, beside the current circle, at their own radii.
  const ghostRadii = async () =>
    page.locator('svg [data-id^="ghost-"]').evaluateAll((els) =>
      els.filter((e) => e.tagName === 'circle' && e.getAttribute('data-id')!.includes('::circle::')).map((e) => ({ id: e.getAttribute('data-id')!.split('::')[0]!, r: Number(e.getAttribute('r')) })),
    );
  await expect.poll(async () => new Set((await ghostRadii()).map((g) => g.id)).size).toBe(3);
  const radii = (await ghostRadii()).sort((a, b) => a.r - b.r);
  const byVersion = Object.fromEntries(radii.map((g) => [g.id.replace(/^.*-v/, 'v'), g.r]));
  // Drawn with 30, 50 and 70 CSS px radii (the SVG layer is in CSS px); 1 px for rounding on screen.
  expect(Math.abs(byVersion.v1! - 30)).toBeLessThanOrEqual(1);
  expect(Math.abs(byVersion.v2! - 50)).toBeLessThanOrEqual(1);
  expect(Math.abs(byVersion.v3! - 70)).toBeLessThanOrEqual(1);

  await history.getByRole('row', { name: 'Version 1' }).getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved \d+ region/ })).toBeVisible();
  const [restored] = await selectionsOf(s.studyUid);
  expect(restored!.meta.versionId).toBe('5'); // a new version: history is never rewritten
  expect(coordinates(restored!)).toEqual(v1);
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toContainText('5 (current)');
});
