import { defineConfig } from 'vite';
import { viteCommonjs } from '@originjs/vite-plugin-commonjs';
import path from 'node:path';

// The bare reference page: the same Cornerstone setup as the viewer's
// vite.config.ts (Cornerstone's documented Vite settings), nothing else.
// Built by bench/run.mjs into .stack-data/bench/reference-dist (gitignored).
export default defineConfig({
  root: path.dirname(new URL(import.meta.url).pathname),
  base: '/',
  plugins: [viteCommonjs()],
  resolve: { alias: { events: 'events' } },
  optimizeDeps: { exclude: ['@cornerstonejs/dicom-image-loader'], include: ['dicom-parser'] },
  worker: { format: 'es' },
  logLevel: 'warn',
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 8000, emptyOutDir: true },
});
