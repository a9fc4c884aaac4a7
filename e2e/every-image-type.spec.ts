import { test, expect } from './fixtures';
import { samples } from './support/samples';

// The drawing tools on every sample image type (colour, palette, compressed, multi-frame, no geometry).
for (const s of samples().filter((x) => x.key !== 'corrupt-frame')) {
  test(`a circle can be drawn, edited by undo/redo and relabelled on ${s.key}`, async ({ viewer, page, consoleErrors }) => {
    await viewer.openFresh(s.studyUid);
    const before = await viewer.roiItems().count();
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag(c, { x: c.x + 25, y: c.y });
    await expect(viewer.roiItems()).toHaveCount(before + 1);
    await expect(viewer.roiItems().last()).toContainText(/Area \d/);
    await viewer.roiPanel.getByLabel('Label', { exact: true }).fill(`on ${s.key}`);
    await expect(viewer.roiItems().last().getByRole('button').first()).toContainText(`on ${s.key}`);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(viewer.roiItems()).toHaveCount(before);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect(viewer.roiItems()).toHaveCount(before + 1);
    expect(consoleErrors).toEqual([]);
  });
}
