/*
 * The demo's production build: made with `npm run build` into a build folder of its own (so a
 * developer's `next build` or `next dev` in .next never collides with it), and made again only when the
 * sources it was built from changed. A stamp beside the build records a hash of every source file
 * that goes into it, plus the installed Next.js version.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exited, onStop, startChild } from './demo-processes';

export const DEFAULT_DEMO_DIST_DIR = '.next-demo';
const STAMP_FILE = 'demo-build.json';
const WORKER_BUNDLE = 'dist/workers/sanitize-html.mjs';

/*
 * Files that cannot change the build's output: tests, docs, CI, and what runs from source beside the
 * app (the emulator, the local Pusher server, the demo and bench scripts).
 */
const NOT_IN_BUILD = [
  /(^|\/)[^/]+\.test\.tsx?$/,
  /\.md$/,
  /^e2e\//,
  /^\.ci\//,
  /^emulator\//,
  /^pusher-server\//,
  /^scripts\/(demo|bench)[^/]*$/,
  /^(playwright\.config\.ts|vitest\.[^/]+|biome\.jsonc|\.gitignore)$/,
];
// When the checkout is not a git repository: folders that are never sources.
const NEVER_SOURCES = new Set([
  'node_modules',
  '.git',
  '.data',
  'dist',
  'coverage',
  'test-results',
  'playwright-report',
]);

interface Stamp {
  next: string;
  files: Record<string, string>;
}

/** Tracked and untracked-but-not-ignored files (git), or a walk of the checkout without git. */
function candidateFiles(root: string): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return out.split('\0').filter(Boolean);
  } catch {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!NEVER_SOURCES.has(entry.name) && !entry.name.startsWith('.next')) walk(relative);
        } else if (entry.isFile() && !/^\.env(\..*)?\.local$/.test(entry.name)) files.push(relative);
      }
    };
    walk('');
    return files;
  }
}

function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 22);
}

/** What the build depends on, file by file (package-lock.json included). */
export function sourceState(root: string): Stamp {
  const files: Record<string, string> = {};
  for (const relative of candidateFiles(root).sort()) {
    if (NOT_IN_BUILD.some((pattern) => pattern.test(relative))) continue;
    const file = path.join(root, relative);
    // Listed by git but deleted in the working tree: absent, as the build sees it.
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    files[relative] = fileHash(file);
  }
  const nextManifest = JSON.parse(
    readFileSync(path.join(root, 'node_modules/next/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return { next: nextManifest.version, files };
}

function readStamp(distDir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(path.join(distDir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/** Why the build in `distDir` does not match `current`, or null when it does. */
export function staleReason(distDir: string, current: Stamp): string | null {
  const stamp = readStamp(distDir);
  if (!stamp || !existsSync(path.join(distDir, 'BUILD_ID'))) return `no demo build in ${distDir} yet`;
  if (stamp.next !== current.next) return `Next.js changed (${stamp.next} → ${current.next})`;
  const names = new Set([...Object.keys(stamp.files), ...Object.keys(current.files)]);
  const changed = [...names].filter((name) => stamp.files[name] !== current.files[name]).sort();
  if (!changed.length) return null;
  const shown = changed.slice(0, 3).join(', ');
  return `sources changed since the last build (${shown}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''})`;
}

/**
 * Makes sure `distDir` holds a production build of the current sources: builds it (output shown) when
 * it is missing or stale. Returns how long the check, and any build, took.
 */
export async function ensureBuild(
  root: string,
  distDir: string,
  env: Record<string, string>,
): Promise<{ built: boolean; ms: number }> {
  const began = performance.now();
  const before = sourceState(root);
  const reason = staleReason(distDir, before);
  if (!reason) {
    // The worker bundle lives outside the build folder (dist/workers) and is rebuilt by npm install.
    if (!existsSync(path.join(root, WORKER_BUNDLE))) await run('npm', ['run', 'build:workers'], env);
    return { built: false, ms: performance.now() - began };
  }
  console.log(`Building Tidings for production: ${reason}. This takes a few minutes the first time.`);
  rmSync(path.join(distDir, STAMP_FILE), { force: true });
  // `next build` adds its type folders for a custom build folder to tsconfig.json; the demo should not
  // leave the checkout changed, so the file is put back as it was.
  const tsconfig = path.join(root, 'tsconfig.json');
  const tsconfigBefore = existsSync(tsconfig) ? readFileSync(tsconfig, 'utf8') : null;
  const restore = () => {
    if (tsconfigBefore === null) return;
    const now = readFileSync(tsconfig, 'utf8');
    if (now !== tsconfigBefore) writeFileSync(tsconfig, withoutBuildTypes(now, tsconfigBefore, distDir));
  };
  const interrupted = onStop(restore);
  try {
    await run('npm', ['run', 'build'], { ...env, NEXT_DIST_DIR: distDir });
  } finally {
    interrupted.done();
    restore();
  }
  writeFileSync(path.join(distDir, STAMP_FILE), `${JSON.stringify(before, null, 1)}\n`);
  return { built: true, ms: performance.now() - began };
}

/**
 * tsconfig.json without the include entries `next build` added for `distDir`: exactly as it was before
 * when nothing else changed it meanwhile (another build beside ours may add its own entries; those stay).
 */
export function withoutBuildTypes(now: string, before: string, distDir: string): string {
  try {
    const config = JSON.parse(now) as { include?: string[] };
    const ours = `${path.normalize(distDir)}/`;
    config.include = config.include?.filter((entry) => !path.normalize(entry).startsWith(ours));
    if (JSON.stringify(config) === JSON.stringify(JSON.parse(before))) return before;
    return `${JSON.stringify(config, null, 2)}\n`;
  } catch {
    // Not plain JSON (comments): left as the build wrote it.
    return now;
  }
}

async function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  const code = await exited(startChild(`${command} ${args.join(' ')}`, command, args, env, { task: true }));
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit code ${code}); see its output above`);
}
