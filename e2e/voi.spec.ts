import { test, expect } from './fixtures';
import { sample } from './support/samples';

// The DICOM windows stored in the samples (pydicom shows them in stack/samples/generate.py and the source files).
for (const { key, width, center } of [
  { key: 'ct-200', width: 400, center: 40 },
  { key: 'mr-small', width: 1600, center: 600 },
  { key: 'ct-ankle-implicit', width: 4095, center: 1024 },
  { key: 'nonsquare', width: 4000, center: 2000 },
]) {
  test(`the initial window of ${key} is the DICOM window ${width}/${center} exactly`, async ({ viewer, page }) => {
    await viewer.open(sample(key).studyUid);
    await viewer.waitForImage();
    await expect(page.getByTestId('overlay-voi')).toHaveText(`W ${width} L ${center}`);
  });
}

test('a preset shows exactly its own window, and Reset goes back to the DICOM window', async ({ viewer, page }) => {
  await viewer.open(sample('ct-200').studyUid);
  await viewer.waitForImage();
  await page.getByRole('combobox', { name: 'Window preset' }).selectOption({ label: 'Lung (1500/-600)' });
  await expect(page.getByTestId('overlay-voi')).toHaveText('W 1500 L -600 (Lung)');
  await page.getByRole('combobox', { name: 'Window preset' }).selectOption({ label: 'Bone (1800/400)' });
  await expect(page.getByTestId('overlay-voi')).toHaveText('W 1800 L 400 (Bone)');
  await expect(page.getByTestId('overlay-zoom')).toHaveText('Zoom 100%');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByTestId('overlay-zoom')).toHaveText('Zoom 125%');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('overlay-voi')).toHaveText('W 400 L 40');
  await expect(page.getByTestId('overlay-zoom')).toHaveText('Zoom 100%');
});
