// ESLint for the viewer's and the admin page's classic scripts: they load from file://, so no
// modules; each file is a script sharing the page's globals. Run by scripts/check_lint.sh
// (make check-lint, part of make test).
import js from '@eslint/js';

// What the browser gives a classic script, as far as these pages use it.
const browser = Object.fromEntries([
  'window', 'document', 'location', 'history', 'navigator', 'console', 'fetch', 'URL',
  'URLSearchParams', 'setTimeout', 'clearTimeout', 'requestAnimationFrame', 'Option', 'Image',
  'AbortController', 'Event', 'KeyboardEvent', 'HTMLElement', 'FormData', 'L', 'Intl',
  'performance',
].map((name) => [name, 'readonly']));

export default [
  js.configs.recommended,
  {
    files: ['src/js/**/*.js', 'admin/**/*.js'],
    languageOptions: { ecmaVersion: 2020, sourceType: 'script', globals: browser },
    // One dialect for both pages: block-scoped bindings, arrow callbacks, strict mode inside
    // each file's wrapping function, single quotes, semicolons.
    rules: {
      'no-var': 'error',
      'prefer-const': 'error',
      'prefer-arrow-callback': 'error',
      strict: ['error', 'function'],
      quotes: ['error', 'single', { avoidEscape: true }],
      semi: ['error', 'always'],
    },
  },
];
