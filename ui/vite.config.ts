import { defineConfig } from 'vitest/config';

// Tauri loads `dist/` in production and the dev server on :1420 during `tauri dev`.
//
// No React plugin: Vite's own transform compiles the JSX (automatic runtime, from tsconfig's
// `"jsx": "react-jsx"`). The plugin's Fast Refresh needs an inline preamble script, which the
// app's CSP (`script-src 'self'`) would refuse; edits reload the page instead.
export default defineConfig({
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its modules "use client" for server frameworks; meaningless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    // Dates are asserted in a known zone: Nairobi, where the desk is used.
    env: { TZ: 'Africa/Nairobi' },
    restoreMocks: true,
  },
});
