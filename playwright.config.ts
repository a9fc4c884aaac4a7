import { defineConfig } from '@playwright/test';

// Debian's Chromium (browser downloads are impossible here) with SwiftShader
// WebGL: without it Cornerstone falls back to CPU rendering, whose
// canvas↔world mapping differs (NOTES).
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  // A flaky test is a bug to fix, never something to retry.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    // An action waiting on a control that never becomes ready fails here, not at the test's timeout.
    actionTimeout: 30_000,
    baseURL: process.env.VIEWER_URL ?? 'http://127.0.0.1:14173',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--use-gl=angle',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
