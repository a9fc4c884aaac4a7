import { test, expect } from './fixtures';
import type { ViewerPage } from './pages/ViewerPage';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';

const BAD = /NaN|undefined|null|Infinity/;

/** The one ROI in the list, its id and its lines on the image (waiting until the text has its figures). */
async function onlyRoi(viewer: ViewerPage, expectedLines: number): Promise<{ id: string; lines: string[] }> {
  await expect(viewer.roiItems()).toHaveCount(1);
  const id = (await viewer.roiItems().first().getAttribute('data-roi-id'))!;
  await expect.poll(async () => (await viewer.roiTexts())[id]?.length ?? 0).toBe(expectedLines);
  return { id, lines: (await viewer.roiTexts())[id]! };
}

/** The on-image lines are exactly the panel's figures: area, perimeter or length, mean/SD with the unit. */
async function expectSameAsPanel(viewer: ViewerPage, id: string, lines: string[]): Promise<void> {
  const panel = await viewer.panelFigures(id);
  const expected: string[] = [];
  if (panel['roi-area']) expected.push(panel['roi-area']);
  if (panel['roi-length']) expected.push(panel['roi-length']);
  const st = panel['roi-stats'] && /^(Mean \S+ SD \S+) Min \S+ Max \S+( \S+)? \(n \d+\)$/.exec(panel['roi-stats']);
  if (st) expected.push(`${st[1]}${st[2] ?? ''}`);
  expect(lines).toEqual(expected);
  for (const l of lines) expect(l).not.toMatch(BAD);
  expect(await viewer.allSvgText()).not.toMatch(BAD);
}

test.describe('the text next to each ROI on the image is the panel\'s, from our measurements', () => {
  test('a Point shows its saved TLHC (column, row) and the value under it, as the panel does', async ({ viewer }) => {
    const s = sample('ct-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Point');
    await viewer.clickAt(c.x - 37, c.y + 21);
    const { id, lines } = await onlyRoi(viewer, 1);
    expect(lines[0]).toMatch(/^\(\d+\.\d\d, \d+\.\d\d\) -?\d+(\.\d\d)? HU$/);
    expect(lines[0]).toBe((await viewer.panelFigures(id))['roi-position']);
    await viewer.save();
    const [stored] = await selectionsOf(s.studyUid);
    const [col, row] = coordinates(stored!);
    expect(lines[0]!.startsWith(`(${col!.toFixed(2)}, ${row!.toFixed(2)}) `)).toBe(true);
    expect(await viewer.allSvgText()).not.toMatch(BAD);
  });

  for (const kind of ['Circle', 'Ellipse'] as const) {
    test(`a ${kind} shows area, perimeter and mean/SD in HU, then its label first`, async ({ viewer, page }) => {
      const s = sample('ct-small');
      await viewer.openFresh(s.studyUid);
      const c = await viewer.centre();
      await viewer.useTool(kind);
      await viewer.drag({ x: c.x - 40, y: c.y - 20 }, { x: c.x + 10, y: c.y + 15 });
      const { id, lines } = await onlyRoi(viewer, 3);
      expect(lines[2]).toMatch(/ HU$/);
      await expectSameAsPanel(viewer, id, lines);

      await viewer.roiItems().first().getByRole('button').first().click();
      await viewer.roiItems().first().getByRole('textbox', { name: 'Label' }).fill('Lesion 1');
      await expect.poll(async () => (await viewer.roiTexts())[id]?.[0]).toBe('Lesion 1');
      await expectSameAsPanel(viewer, id, (await viewer.roiTexts())[id]!.slice(1));

      // After a reload the text comes from the stored ROI, with the same figures.
      await viewer.save();
      await page.reload();
      await viewer.waitForImage();
      const again = await onlyRoi(viewer, 4);
      expect(again.lines).toEqual(['Lesion 1', ...lines]);
    });
  }

  for (const kind of ['Polyline', 'Interpolated'] as const) {
    test(`an open and a closed ${kind}: Length for the open one, area and perimeter and mean/SD for the closed`, async ({ viewer, page }) => {
      const s = sample('ct-small');
      await viewer.openFresh(s.studyUid);
      const c = await viewer.centre();
      await viewer.useTool(kind);
      for (const [dx, dy] of [[-150, 0], [-120, 30], [-90, -10]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
      await page.mouse.dblclick(c.x - 70, c.y + 10);
      const open = await onlyRoi(viewer, 1);
      expect(open.lines[0]).toMatch(/^Length \d+(\.\d)? mm$/);
      await expectSameAsPanel(viewer, open.id, open.lines);
      await viewer.roiItems().first().getByRole('button').first().click();
      await page.keyboard.press('Delete');
      await expect(viewer.roiItems()).toHaveCount(0);

      await viewer.useTool(kind);
      for (const [dx, dy] of [[40, -20], [110, 0], [80, 60]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
      await viewer.clickAt(c.x + 40, c.y - 20); // the first vertex closes it
      const closed = await onlyRoi(viewer, 3);
      expect(closed.lines[0]).toMatch(/^Area \d+(\.\d)? mm²$/);
      expect(closed.lines[1]).toMatch(/^Perimeter \d+(\.\d)? mm$/);
      await expectSameAsPanel(viewer, closed.id, closed.lines);
    });
  }

  test('one toggle hides every ROI text and brings it back', async ({ viewer, page }) => {
    const s = sample('ct-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag({ x: c.x - 40, y: c.y }, { x: c.x - 10, y: c.y });
    await onlyRoi(viewer, 3);
    const toggle = viewer.tool('ROI text');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(async () => Object.keys(await viewer.roiTexts()).length).toBe(0);
    expect(await viewer.allSvgText()).toBe('');
    await page.keyboard.press('t');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => Object.keys(await viewer.roiTexts()).length).toBe(1);
  });

  test('on MR (no unit) and a colour image (no statistics) the text leaves out what does not apply', async ({ viewer }) => {
    for (const [key, unitless] of [['mr-small', true], ['rgb-jpeg', false]] as const) {
      const s = sample(key);
      await viewer.openFresh(s.studyUid);
      const c = await viewer.centre();
      await viewer.useTool('Circle');
      await viewer.drag({ x: c.x - 20, y: c.y }, { x: c.x + 20, y: c.y });
      const { id, lines } = await onlyRoi(viewer, unitless ? 3 : 2);
      await expectSameAsPanel(viewer, id, lines);
      if (unitless) expect(lines[2]).toMatch(/^Mean \S+ SD \S+$/);
      else expect(lines.some((l) => l.startsWith('Mean'))).toBe(false);
    }
  });
});
