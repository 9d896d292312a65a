import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Imports point down only: app → components → hooks → lib. eslint-plugin-import is the
// `import` plugin eslint-config-next registers; its TypeScript resolver reads the `@/` paths.
const layers = {
  files: ['**/*.{ts,tsx,mts}'],
  rules: {
    'import/no-restricted-paths': [
      'error',
      {
        zones: [
          {
            target: './lib',
            from: ['./hooks', './components', './app'],
            message: 'lib/ is framework-free and imports only lib/.',
          },
          {
            target: './hooks',
            from: ['./components', './app'],
            message: 'A hook never imports a component or a route.',
          },
          {
            target: './components',
            from: './app',
            message: 'Components never import routes.',
          },
        ],
      },
    ],
  },
};

// The page's code reaches a lib domain through its index (or its server entry), never a
// file behind it.
const domainEntries = {
  files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'hooks/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['@/lib/*/*', '!@/lib/*/server'],
            message: "Import the domain's index (@/lib/<domain>) or its server entry.",
          },
        ],
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  layers,
  domainEntries,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.tools/**',
      '.cutover/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
];

export default config;
