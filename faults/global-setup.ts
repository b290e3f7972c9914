import { rmSync } from 'node:fs';
import { ensureBuild } from '../scripts/bench-app';
import { buildWorkers } from '../scripts/build-workers';

/** The suite runs `next start`: a production build must exist (built here when it does not). */
export default async function setup() {
  await buildWorkers();
  ensureBuild(process.env.NEXT_DIST_DIR || '.next');
  rmSync('.data/faults-report.json', { force: true });
}
