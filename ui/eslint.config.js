// Lint for the UI: JavaScript's and TypeScript's recommended rules, and React's rules of hooks.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  // src/bindings/ is written by ts-rs from the Rust types: a fix made there would be overwritten.
  globalIgnores(['dist/', 'node_modules/', 'src/bindings/']),
  js.configs.recommended,
  // Without type information: the type-checked set doubles the time of a lint run (about 20 s
  // against 10 s on a two-core machine) and here found mostly `act()` calls it took for promises.
  tseslint.configs.recommended,
  // Rules of hooks and exhaustive deps, plus the React Compiler's checks of render purity
  // (no refs read or written while rendering, no setState straight in an effect).
  reactHooks.configs.flat.recommended,
]);
