import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';

const CT = () => sample('ct-ankle-implicit');

test.describe('a half-drawn polyline or curve has one defined outcome', () => {
  test('Escape cancels it for good (later drags and double clicks do not revive it), and Undo brings it back', async ({ viewer, page }) => {
    const s = CT();
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Polyline');
    for (const [dx, dy] of [[-150, -50], [-100, -80], [-60, -40]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await page.waitForTimeout(450); // past the double-click window: this test is about Escape alone
    await page.keyboard.press('Escape');
    await expect(viewer.tool('Select')).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer.roiPanel.getByRole('status').filter({ hasText: 'Shape cancelled' })).toBeVisible();
    await expect(viewer.roiItems()).toHaveCount(0);

    // Moving, dragging a circle and double-clicking afterwards neither extend nor create the cancelled shape.
    await page.mouse.move(c.x + 50, c.y + 50);
    await viewer.useTool('Circle');
    await viewer.drag({ x: c.x + 80, y: c.y + 60 }, { x: c.x + 110, y: c.y + 60 });
    await expect(viewer.roiItems()).toHaveCount(1);
    await viewer.useTool('Select');
    await page.mouse.dblclick(c.x - 20, c.y + 100);
    await page.waitForTimeout(600);
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Circle');

    // Undo the circle, then undo the cancel: the polyline is back as the open path it was.
    await page.keyboard.press('Control+z');
    await expect(viewer.roiItems()).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Polyline (open)');
    await viewer.save();
    const stored = await selectionsOf(s.studyUid);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.instance[0]!.imageRegion2D![0]!.regionType).toBe('polyline');
    expect(coordinates(stored[0]!)).toHaveLength(6);
  });

  test('choosing another tool finishes it as an open path; nothing stays live behind the new tool', async ({ viewer, page }) => {
    const s = CT();
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Interpolated');
    for (const [dx, dy] of [[-150, 50], [-100, 80], [-60, 40]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await page.waitForTimeout(450);
    await viewer.useTool('Circle');
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Interpolated (open)');
    await viewer.drag({ x: c.x + 80, y: c.y - 60 }, { x: c.x + 110, y: c.y - 60 });
    await expect(viewer.roiItems()).toHaveCount(2);
    await viewer.save();
    const stored = await selectionsOf(s.studyUid);
    const curve = stored.find((x) => x.instance[0]!.imageRegion2D![0]!.regionType === 'interpolated')!;
    expect(coordinates(curve)).toHaveLength(6); // the circle drag added no vertex to it
    expect(stored.filter((x) => x.instance[0]!.imageRegion2D![0]!.regionType === 'circle')).toHaveLength(1);
  });

  test('changing the image finishes a shape with enough points and drops one with a single point', async ({ viewer, page }) => {
    const s = sample('multiframe-24');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    await viewer.useTool('Polyline');
    for (const [dx, dy] of [[-80, -50], [-30, -70]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await page.waitForTimeout(450);
    await page.keyboard.press('ArrowDown');
    await expect(viewer.imageCounter()).toContainText('Image 2/');
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Polyline (open)');
    await expect(viewer.roiItems().first()).toContainText('frame 1');

    await viewer.clickAt(c.x + 40, c.y + 40);
    await page.waitForTimeout(450);
    await page.keyboard.press('ArrowDown');
    await expect(viewer.imageCounter()).toContainText('Image 3/');
    await expect(viewer.roiPanel.getByRole('status')).toContainText('at least 2');
    await expect(viewer.roiItems()).toHaveCount(1);
    // Still drawing with the Polyline tool on image 3: a fresh shape, not the dropped one.
    for (const [dx, dy] of [[-80, 50], [-30, 70], [10, 40]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await page.waitForTimeout(450);
    await page.keyboard.press('s');
    await expect(viewer.roiItems()).toHaveCount(2);
    await viewer.save();
    const stored = await selectionsOf(s.studyUid);
    expect(stored.map((x) => [x.instance[0]!.subset?.[0], coordinates(x).length]).sort()).toEqual([['1', 4], ['3', 6]]);
  });
});
