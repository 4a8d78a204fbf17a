import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The admin site's single-page app (React-admin), built to ./dist and served by the admin back end (apps/admin/src).
// JSX goes through Vite's own transform (automatic runtime); @vitejs/plugin-react only adds fast refresh for the dev
// server, and its optional Babel peers conflict with jest's Babel 7 in this repository, so it is not used.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // MUI and react-query mark their modules "use client" for server components; a browser bundle has none
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
