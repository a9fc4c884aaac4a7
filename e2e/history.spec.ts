import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, fhir, selectionsOf, type StoredSelection } from './support/fhirServer';

// A reviewer asks who changed an ROI and what it looked like before.
test('edit an ROI three times, open History, see the earlier outlines, restore the first', async ({ viewer, page }) => {
  const s = sample('ct-small');
  await viewer.openFresh(s.studyUid);
  const c = await viewer.centre();
  await viewer.useTool('Circle');
  await viewer.drag(c, { x: c.x + 30, y: c.y });
  await expect(viewer.roiItems()).toHaveCount(1);
  await viewer.save();
  const v1 = coordinates((await selectionsOf(s.studyUid))[0]!);

  await viewer.useTool('Select');
  // The edge handle is taken from where the circle is drawn on screen, not from where it was drawn with the mouse.
  const drawn = async () => {
    // CircleROITool draws its outline as an <ellipse data-id="<annotationUID>-circle">.
    const box = await page.locator('svg ellipse[data-id$="-circle"]:not([data-id^="ghost-"])').first().boundingBox();
    if (!box) throw new Error('the circle is not drawn');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2, r: box.width / 2 };
  };
  for (const to of [50, 70, 90]) {
    const o = await drawn();
    await viewer.dragHandle({ x: o.x + o.r, y: o.y }, { x: o.x + to, y: o.y });
    await expect(viewer.roiPanel.getByText('unsaved', { exact: true })).toHaveCount(1);
    await viewer.save();
  }
  expect((await selectionsOf(s.studyUid))[0]!.meta.versionId).toBe('4');

  await viewer.roiItems().first().click();
  await viewer.roiPanel.getByRole('button', { name: 'History of the selected region' }).click();
  const history = viewer.roiPanel.getByRole('region', { name: /^History of / });
  const rows = history.getByRole('row', { name: /^Version \d+$/ });
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('4 (current)');
  await expect(rows.nth(0)).toContainText('geometry');
  await expect(rows.nth(3)).toContainText('created');

  for (const v of ['3', '2', '1']) {
    const show = history.getByRole('row', { name: `Version ${v}` }).getByRole('button', { name: 'Show outline' });
    await show.click();
    await expect(show).toHaveAttribute('aria-pressed', 'true');
  }
  // Each earlier outline is drawn where its stored version says: the screen transform is read
  // off the current circle (stored coordinates ↔ its SVG ellipse), then applied to each version.
  const [current] = await selectionsOf(s.studyUid);
  const circleOf = (coords: number[]) => ({ x: coords[0]!, y: coords[1]!, r: Math.hypot(coords[2]! - coords[0]!, coords[3]! - coords[1]!) });
  const stored = async (v: string) => circleOf(coordinates((await fhir(`ImagingSelection/${current!.id}/_history/${v}`)).body as StoredSelection));
  const ellipses = async () =>
    page.locator('svg ellipse[data-id$="-circle"]').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-id')!.replace(/-circle$/, ''), cx: Number(e.getAttribute('cx')), cy: Number(e.getAttribute('cy')), rx: Number(e.getAttribute('rx')) })),
    );
  await expect.poll(async () => (await ellipses()).filter((e) => e.id.startsWith('ghost-')).length).toBe(3);
  const shown = await ellipses();
  const now = shown.find((e) => !e.id.startsWith('ghost-'))!;
  const cur = circleOf(coordinates(current!));
  const scale = now.rx / cur.r;
  const toScreen = (c: { x: number; y: number; r: number }) => ({ cx: now.cx + (c.x - cur.x) * scale, cy: now.cy + (c.y - cur.y) * scale, rx: c.r * scale });
  const versions = await Promise.all(['1', '2', '3'].map(async (v) => ({ v, c: await stored(v) })));
  expect(new Set(versions.map(({ c }) => JSON.stringify(c))).size).toBe(3); // three different outlines
  for (const { v, c } of versions) {
    const ghost = shown.find((e) => e.id.startsWith('ghost-') && e.id.endsWith(`-v${v}`));
    expect(ghost, `outline of version ${v}`).toBeDefined();
    const want = toScreen(c);
    expect(Math.abs(ghost!.cx - want.cx)).toBeLessThanOrEqual(1);
    expect(Math.abs(ghost!.cy - want.cy)).toBeLessThanOrEqual(1);
    expect(Math.abs(ghost!.rx - want.rx)).toBeLessThanOrEqual(1);
  }
  expect(Math.abs(toScreen(versions[0]!.c).rx - 30)).toBeLessThanOrEqual(1); // version 1 as drawn: 30 px

  await history.getByRole('row', { name: 'Version 1' }).getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved \d+ region/ })).toBeVisible();
  const [restored] = await selectionsOf(s.studyUid);
  expect(restored!.meta.versionId).toBe('5'); // a new version: history is never rewritten
  expect(coordinates(restored!)).toEqual(v1);
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toContainText('5 (current)');
});
