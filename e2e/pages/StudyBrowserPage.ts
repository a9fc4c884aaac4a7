import type { Locator, Page } from '@playwright/test';

export class StudyBrowserPage {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Studies' });
  }
  async goto(): Promise<void> {
    await this.page.goto('/');
  }
  async searchByPatientId(id: string): Promise<void> {
    await this.page.getByLabel('Patient ID').fill(id);
    await this.page.getByRole('button', { name: 'Search' }).click();
  }
  rows(): Locator {
    return this.table.locator('tbody tr');
  }
}
