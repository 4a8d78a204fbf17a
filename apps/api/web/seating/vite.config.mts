import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The seating Web App (plain TypeScript, no framework: it opens inside Telegram on phones), built to ./dist and served
// by the API at /seating/app/. It shares the wayfinding and marker code of libs/domain and the route table of
// libs/contracts - the modules themselves, never the packages' index files (those pull in Nest's decorators).
export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  resolve: {
    alias: {
      '@megabot/domain/seating': here('../../../../libs/domain/src/seating'),
      '@megabot/contracts/seating': here('../../../../libs/contracts/src/seating'),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
});
