import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // scripts: the bench's pure pieces (targets, statistics, CRC combining).
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.mjs'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // In this order: the TLS fronts and proxies forward to the S3 server.
          globalSetup: ['test/support/s3-global-setup.ts', 'test/support/net-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two cores: files run two at a time against one radosgw.
          maxWorkers: 2,
          // Unit tests first (fast feedback), then the server-backed ones.
          sequence: { groupOrder: 1 },
        },
      },
      // The fault matrix (npm run figures:faults): minutes long, so only when asked for.
      ...(process.env['FERRY_FIGURES']
        ? [
            {
              test: {
                name: 'figures',
                include: ['test/figures/**/*.test.ts'],
                environment: 'node' as const,
                globalSetup: ['test/support/s3-global-setup.ts'],
                testTimeout: 300_000,
                hookTimeout: 120_000,
                maxWorkers: 1,
                sequence: { groupOrder: 2 },
              },
            },
          ]
        : []),
    ],
  },
})
