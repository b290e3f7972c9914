import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/*
 * npm run test:faults: the fault suite (faults/*.fault.ts) against the production build, one scenario at a
 * time (each starts its own app and emulator, and they measure time: nothing else should share the CPU).
 */
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['faults/**/*.fault.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    globalSetup: ['./faults/global-setup.ts'],
    env: { NEXT_TELEMETRY_DISABLED: '1' },
  },
});
