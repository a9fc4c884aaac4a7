import { test, expect } from './fixtures';
import { sample } from './support/samples';
import { coordinates, selectionsOf } from './support/fhirServer';

test.describe('drawing a polyline or curve says how to finish and close it', () => {
  test('the hint follows the vertices, the first vertex lights up when near, and C closes the polyline', async ({ viewer, page }) => {
    const s = sample('ct-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    const hint = page.getByTestId('drawing-hint');
    const target = page.getByTestId('first-vertex-target');
    await viewer.useTool('Polyline');
    await expect(hint).toHaveCount(0);
    const pts = [[-120, -40], [-60, -80], [-20, -10]] as const;
    await viewer.clickAt(c.x + pts[0][0], c.y + pts[0][1]);
    await viewer.clickAt(c.x + pts[1][0], c.y + pts[1][1]);
    await expect(hint).toContainText('Double-click or press Enter to finish.');
    await viewer.clickAt(c.x + pts[2][0], c.y + pts[2][1]);
    await page.mouse.move(c.x + 40, c.y + 40);
    await expect(hint).toContainText('Click the first point or press C to close.');
    await expect(hint).toContainText('Escape cancels.');
    await expect(target).toHaveCount(0);

    // Near the first vertex (within the close distance) the target shows where a click closes the shape.
    await page.mouse.move(c.x + pts[0][0] + 20, c.y + pts[0][1]);
    await page.mouse.move(c.x + pts[0][0] + 6, c.y + pts[0][1] + 5);
    await expect(target).toBeVisible();
    await expect(hint).toContainText('Click now to close the shape');
    const box = (await target.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - (c.x + pts[0][0]))).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y + box.height / 2 - (c.y + pts[0][1]))).toBeLessThanOrEqual(2);
    await page.mouse.move(c.x + 40, c.y + 40);
    await expect(target).toHaveCount(0);

    await page.keyboard.press('c');
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Polyline (closed)');
    await expect(hint).toHaveCount(0);
    await expect(viewer.tool('Polyline')).toHaveAttribute('aria-pressed', 'true'); // C closed the shape, it did not pick Circle
    await viewer.save();
    const xy = coordinates((await selectionsOf(s.studyUid))[0]!);
    expect(xy).toHaveLength(8); // three vertices, the first repeated: closed
    expect(xy.slice(0, 2)).toEqual(xy.slice(-2));
  });

  test('Enter finishes a curve as an open path; Escape cancels one and Undo brings it back', async ({ viewer, page }) => {
    const s = sample('ct-small');
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    const hint = page.getByTestId('drawing-hint');
    await viewer.useTool('Interpolated');
    for (const [dx, dy] of [[40, 40], [90, 20], [120, 70]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await expect(hint).toContainText('press Enter to finish');
    await page.keyboard.press('Enter');
    await expect(viewer.roiItems()).toHaveCount(1);
    await expect(viewer.roiItems().first()).toContainText('Interpolated (open)');
    await expect(hint).toHaveCount(0);

    for (const [dx, dy] of [[-40, 60], [-90, 90], [-120, 40]]) await viewer.clickAt(c.x + dx!, c.y + dy!);
    await expect(hint).toContainText('Escape cancels.');
    await page.keyboard.press('Escape');
    await expect(hint).toHaveCount(0);
    await expect(viewer.roiItems()).toHaveCount(1);
    await page.keyboard.press('Control+z');
    await expect(viewer.roiItems()).toHaveCount(2);
    await viewer.save();
    const stored = await selectionsOf(s.studyUid);
    expect(stored.map((x) => coordinates(x).length).sort()).toEqual([6, 6]);
  });
});
