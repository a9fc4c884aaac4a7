import { test, expect } from './fixtures';
import { sample } from './support/samples';

// The banner and the panel follow one rule: mm whenever Pixel Spacing is present (patient position or not), px otherwise.
for (const { key, banner, length, area } of [
  { key: 'rgb-jpeg', banner: 'No patient position: shown in image coordinates; lengths in mm', length: 'mm', area: 'mm²' },
  { key: 'multiframe-24', banner: 'No patient position: shown in image coordinates; lengths in mm', length: 'mm', area: 'mm²' },
  { key: 'no-geometry', banner: 'No pixel spacing: lengths and areas in px', length: 'px', area: 'px²' },
  { key: 'ct-small', banner: undefined, length: 'mm', area: 'mm²' },
]) {
  test(`units agree on ${key}: ${length}`, async ({ viewer, page }) => {
    await viewer.openFresh(sample(key).studyUid);
    const notes = page.getByRole('list', { name: 'Notes' });
    if (banner) {
      await expect(notes).toContainText(banner);
      if (length === 'mm') await expect(notes).not.toContainText(' px');
    } else {
      await expect(notes).toHaveCount(0);
    }
    const c = await viewer.centre();
    await viewer.useTool('Circle');
    await viewer.drag(c, { x: c.x + 30, y: c.y });
    const item = viewer.roiItems().first();
    await expect(item).toContainText(new RegExp(`Perimeter [\\d.]+ ${length}(?!²)`));
    await expect(item).toContainText(new RegExp(`Area [\\d.]+ ${area}`));
    await expect(item).not.toContainText(length === 'mm' ? /\bpx/ : /\bmm/);
  });
}
