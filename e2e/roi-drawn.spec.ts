import { test, expect } from './fixtures';
import type { ViewerPage } from './pages/ViewerPage';
import { samples } from './support/samples';
import { selectionsOf } from './support/fhirServer';

/** Exactly one circle on screen, centred on `at` with radius `r`, each within 1 px. */
async function expectCircleAt(viewer: ViewerPage, at: { x: number; y: number }, r: number): Promise<void> {
  await expect.poll(async () => (await viewer.drawnCircles()).length).toBe(1);
  const [c] = await viewer.drawnCircles();
  expect(Math.abs(c!.cx - at.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(c!.cy - at.y)).toBeLessThanOrEqual(1);
  expect(Math.abs(c!.r - r)).toBeLessThanOrEqual(1);
}

// Every sample image type: with and without patient geometry, multi-frame, colour, secondary capture, the corrupt-frame series (its good image).
for (const s of samples()) {
  test(`a circle on ${s.key} is drawn where it was drawn, after finishing, after reload, selected and in review mode`, async ({ viewer, page }) => {
    await viewer.openFresh(s.studyUid);
    const c = await viewer.centre();
    const centre = { x: c.x - 20, y: c.y + 10 };
    await viewer.useTool('Circle');
    await viewer.drag(centre, { x: centre.x + 30, y: centre.y });
    await expect(viewer.roiItems()).toHaveCount(1);
    await expectCircleAt(viewer, centre, 30);

    await viewer.save();
    expect(await selectionsOf(s.studyUid)).toHaveLength(1);
    await page.reload();
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(1);
    await expectCircleAt(viewer, centre, 30);

    await viewer.roiItems().first().getByRole('button').first().click();
    await expect(viewer.roiItems().first()).toHaveAttribute('aria-current', 'true');
    await expectCircleAt(viewer, centre, 30);

    await viewer.open(s.studyUid, '&mode=review');
    await viewer.waitForImage();
    await expect(viewer.roiItems()).toHaveCount(1);
    await expectCircleAt(viewer, centre, 30);
  });
}
