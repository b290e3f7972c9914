import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceState, staleReason, withoutBuildTypes } from './demo-build';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A build folder holding a BUILD_ID and a stamp of `files`. */
function buildFolder(files: Record<string, string>, next = '16.4.5'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-build-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'BUILD_ID'), 'x');
  writeFileSync(path.join(dir, 'demo-build.json'), JSON.stringify({ next, files }));
  return dir;
}

describe('when the demo builds again', () => {
  it('builds when there is no build, and not when nothing changed', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'demo-build-'));
    dirs.push(empty);
    expect(staleReason(empty, { next: '16.4.5', files: {} })).toMatch(/no demo build/);
    expect(staleReason(buildFolder({ 'a.ts': '1' }), { next: '16.4.5', files: { 'a.ts': '1' } })).toBeNull();
  });

  it('names the files that changed, appeared or went away, and a Next.js upgrade', () => {
    const dir = buildFolder({ 'a.ts': '1', 'b.ts': '1', 'gone.ts': '1' });
    const reason = staleReason(dir, { next: '16.4.5', files: { 'a.ts': '2', 'b.ts': '1', 'new.ts': '1' } });
    expect(reason).toBe('sources changed since the last build (a.ts, gone.ts, new.ts)');
    expect(staleReason(dir, { next: '16.5.0', files: { 'a.ts': '1', 'b.ts': '1', 'gone.ts': '1' } })).toMatch(
      /Next\.js changed/,
    );
  });

  it('hashes what goes into the build, not the tests, docs or the demo itself', () => {
    const { files } = sourceState(process.cwd());
    expect(files['package-lock.json']).toBeTruthy();
    expect(files['next.config.js']).toBeTruthy();
    expect(Object.keys(files).filter((f) => /\.test\.tsx?$|\.md$|^e2e\/|^scripts\/demo/.test(f))).toEqual([]);
  });
});

describe("tsconfig.json after the demo's build", () => {
  const before = '{\n  "include": ["next-env.d.ts", "**/*.ts", ".next/types/**/*.ts"]\n}\n';

  it('is put back exactly as it was when only the build changed it', () => {
    const rewritten = JSON.stringify(
      {
        include: [
          'next-env.d.ts',
          '**/*.ts',
          '.next/types/**/*.ts',
          '.next-demo/types/**/*.ts',
          '.next-demo/dev/types/**/*.ts',
        ],
      },
      null,
      2,
    );
    expect(withoutBuildTypes(rewritten, before, '.next-demo')).toBe(before);
  });

  it("keeps what another build added meanwhile, without the demo's entries", () => {
    const rewritten = JSON.stringify({
      include: [
        'next-env.d.ts',
        '**/*.ts',
        '.next/types/**/*.ts',
        '.next-demo/types/**/*.ts',
        '.next-e2e/types/**/*.ts',
      ],
    });
    expect(JSON.parse(withoutBuildTypes(rewritten, before, '.next-demo')).include).toEqual([
      'next-env.d.ts',
      '**/*.ts',
      '.next/types/**/*.ts',
      '.next-e2e/types/**/*.ts',
    ]);
  });
});
