import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'stack/**/*.test.mjs', 'bench/**/*.test.ts'],
    environment: 'node',
  },
});
