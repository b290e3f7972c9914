/*
 * `npm run doctor`: checks this deployment's configuration from the inside (lib/doctor/checks.ts) and
 * prints each finding with what to do about it. Reads .env files the way `next start` does. Exits 1 when
 * anything needs fixing.
 */
import nextEnv from '@next/env';
import { type Finding, runDoctor } from '../lib/doctor/checks';

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const line = (finding: Finding) => {
  if (finding.ok === true) return `  ✓ ${finding.check}: ${finding.detail}`;
  if (finding.ok === 'info') return `  · ${finding.check}: ${finding.detail}`;
  return `  ✗ ${finding.check}: ${finding.problem}\n      Fix: ${finding.fix}`;
};

const findings = await runDoctor();
console.log('Tidings doctor\n');
for (const finding of findings) console.log(line(finding));
const broken = findings.filter((f) => f.ok === false).length;
console.log(broken ? `\n${broken} thing${broken === 1 ? '' : 's'} to fix.` : '\nNothing to fix.');
process.exit(broken ? 1 : 0);
