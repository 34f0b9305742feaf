/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards /api to a running Sluice (SLUICE_API, default port 7070).
const api = process.env.SLUICE_API ?? 'http://127.0.0.1:7070';

export default defineConfig({
  plugins: [react()],
  build: {
    // Maven packages target/classes into the jar; ui-backend serves classpath /sluice-ui at /.
    outDir: 'target/classes/sluice-ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // Component tests type into forms; on a busy 2-core build machine 5 s is not always enough.
    testTimeout: 20_000,
  },
});
