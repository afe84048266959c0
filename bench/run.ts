// `npm run bench [filter]`: runs every bench/*.bench.ts (default export: an async function that
// prints its own small table) one after another, in name order. A filter argument keeps only the
// files whose name contains it: `npm run bench -- engine`.
import fs from 'fs';
import path from 'path';

type Bench = () => Promise<void>;

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
    .sort();
  if (files.length === 0) {
    console.error(`no bench/*.bench.ts matches "${filter}"`);
    process.exitCode = 1;
    return;
  }
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as { default?: Bench | { default?: Bench } };
    // tsx may hand a CommonJS module's default export back wrapped once more.
    const run = typeof mod.default === 'function' ? mod.default : mod.default?.default;
    if (typeof run !== 'function') {
      console.error(`${file}: no default export function, skipped`);
      process.exitCode = 1;
      continue;
    }
    console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}\n`);
    const started = Date.now();
    try {
      await run();
    } catch (e) {
      console.error(`${file} failed:`, e);
      process.exitCode = 1;
    }
    console.log(`\n(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

void main();
