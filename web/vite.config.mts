import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console is served by the service itself at /app/ (src/console/serve-console.ts), so it is
 * built into dist/web beside the compiled server. `npm run build` runs this after generating the
 * API types from the OpenAPI document (scripts/build-web.js).
 */
export default defineConfig({
  root,
  base: '/app/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The size the issue cares about is gzipped initial JavaScript; scripts/build-web.js reports it.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark their modules "use client" for server components; a browser bundle has none.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite web` during development: the API runs on :3000.
    proxy: Object.fromEntries(
      ['/procurements', '/workflows', '/dialogue', '/criteria', '/organisations', '/portfolio', '/ocds', '/audit', '/auth', '/health', '/docs', '/me'].map(
        (path) => [path, 'http://127.0.0.1:3000'],
      ),
    ),
  },
});
