// Vite config for the web UI. Root is web/ (scripts/build-web.mjs passes it); output goes to web/dist,
// which the server serves at / with a fallback to index.html.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the server's CSP allows scripts from 'self' only, so nothing may be inlined into index.html
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npx vite web` during development: the API runs on `npm start` (port 3000 by default)
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
