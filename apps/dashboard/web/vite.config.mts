import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The dashboard's browser app and the partner portal's, two pages sharing src/shared. Vite 8 transforms JSX
// itself (oxc), so no React plugin is needed. Built into <repo>/dist/dashboard-web, which apps/dashboard
// serves: portal.html for /portal and every page under it, index.html for any other unknown page path.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/dashboard-web'),
    emptyOutDir: true,
    // Self-hosters may run offline: every asset is served by the system, none inlined from elsewhere.
    assetsInlineLimit: 0,
    target: 'es2022',
    rolldownOptions: {
      input: {
        dashboard: resolve(import.meta.dirname, 'index.html'),
        portal: resolve(import.meta.dirname, 'portal.html'),
      },
      // TanStack Query marks its modules "use client" for React Server Components; a plain SPA has nothing to preserve.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
