import { test as base, expect } from '@playwright/test';
import { ViewerPage } from './pages/ViewerPage';
import { StudyBrowserPage } from './pages/StudyBrowserPage';

/** Console errors are failures: every test collects them and asserts none at the end. */
export const test = base.extend<{ viewer: ViewerPage; browser_: StudyBrowserPage; consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await use(errors);
  },
  viewer: async ({ page }, use) => {
    await use(new ViewerPage(page));
  },
  browser_: async ({ page }, use) => {
    await use(new StudyBrowserPage(page));
  },
});

export { expect };
