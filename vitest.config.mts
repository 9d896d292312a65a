import { defineConfig } from 'vitest/config';

const alias = { '@': import.meta.dirname };
const exclude = ['node_modules/**', '.next/**', '.tools/**', '.cutover/**', 'e2e/**'];

// Two of the three kinds of test; e2e/ belongs to Playwright.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...exclude, '**/*.integration.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
