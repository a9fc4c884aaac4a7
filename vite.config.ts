import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteCommonjs } from '@originjs/vite-plugin-commonjs';
import fs from 'node:fs';

// The dev stack's Orthanc requires the credentials the stack wrote (stack/lib/orthanc.mjs).
function orthancAuth(): Record<string, string> {
  try {
    const creds = fs.readFileSync('.stack-data/dev/orthanc/credentials', 'utf8').trim();
    return { Authorization: `Basic ${Buffer.from(creds).toString('base64')}` };
  } catch {
    return {};
  }
}

// Cornerstone3D ships ESM with CommonJS corners (dicom-parser, codecs); this is
// the setup Cornerstone's own docs give for Vite. The dev proxies mirror what
// stack/serve.mjs does for the production build.
export default defineConfig({
  plugins: [react(), viteCommonjs()],
  resolve: { alias: { events: 'events' } },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: ['dicom-parser'],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: {
      '/dicom-web': { target: 'http://127.0.0.1:8042', changeOrigin: false, headers: orthancAuth() },
      '/fhir': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
