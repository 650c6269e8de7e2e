import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The back office is a static single-page app. The API server serves web/dist at `/` (with SPA fallback)
// and the API at `/api` on the same origin; in development Vite proxies those paths to the API server.
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.O2C_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': api,
      '/health': api,
      '/docs': api,
      '/openapi.json': api,
    },
  },
});
