// `npm run compile` (part of `npm test`): the official mini program toolchain over miniprogram/,
// offline. In a throwaway copy of the project (scripts/miniprogram/stage.ts) it
//   1. builds npm with miniprogram-ci's packNpmManually — the module behind DevTools' 构建 npm —
//      from the mini program's own package.json, and checks it packed exactly the packages that
//      package.json lists (today @vant/weapp and dayjs);
//   2. compiles the whole mini program with getCompiledResult (what an upload compiles: TS through
//      the project's compiler plugin, JSON and component paths checked, unused files dropped as
//      ignoreUploadUnusedFiles says), with a throwaway AppID, a freshly generated key and the
//      documented `attr` hook so nothing asks WeChat's servers;
//   3. compiles every shipped WXML/WXS file with the official WXML compiler (wcc), because the
//      upload ships WXML as source and getCompiledResult would let a template error through;
//   4. prints the main package and subpackage sizes; above 2 MB fails, above 1 MB (main) warns.
// Exits non-zero on any failure. `--keep` leaves the staged project for inspection.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { miniprogramDependencies, projectConfig, stageProject } from './miniprogram/stage';
import { kb, packageSizes, sizeProblems, type PackageSize } from './miniprogram/sizes';

/* eslint-disable @typescript-eslint/no-explicit-any -- miniprogram-ci's project typings are partial */
const ci = require('miniprogram-ci') as any;
const wcc = require('miniprogram-compiler') as {
  wxmlToJs(root: string, options: { wxmlList: string[]; wxsList: string[]; maxBuffer: number }): string;
};

/** Throwaway AppID: getCompiledResult only needs a well-formed one when attr() is supplied. */
const OFFLINE_APPID = 'wx0000000000000000';

export interface CompileReport {
  packed: string[];
  files: number;
  sizes: PackageSize[];
  warnings: string[];
  errors: string[];
}

/** Folders under miniprogram_npm, scoped packages as "@scope/name". */
function packedPackages(npmDir: string): string[] {
  if (!fs.existsSync(npmDir)) return [];
  return fs
    .readdirSync(npmDir)
    .flatMap((d) => (d.startsWith('@') ? fs.readdirSync(path.join(npmDir, d)).map((n) => `${d}/${n}`) : [d]))
    .sort();
}

async function packNpm(stage: string, report: CompileReport): Promise<void> {
  const relation = projectConfig(stage).setting.packNpmRelationList![0];
  const result = await ci.packNpmManually({
    packageJsonPath: path.join(stage, relation.packageJsonPath),
    miniprogramNpmDistDir: path.join(stage, relation.miniprogramNpmDistDir),
  });
  for (const w of result.warnList as { msg: string; jsPath?: string }[])
    report.errors.push(`构建 npm: ${w.msg}${w.jsPath ? ` (${w.jsPath})` : ''}`);
  report.packed = packedPackages(path.join(stage, relation.miniprogramNpmDistDir, 'miniprogram_npm'));
  const expected = Object.keys(miniprogramDependencies(stage)).sort();
  if (JSON.stringify(report.packed) !== JSON.stringify(expected))
    report.errors.push(`构建 npm packed [${report.packed.join(', ')}], expected [${expected.join(', ')}]`);
}

async function compile(stage: string): Promise<Record<string, string | Buffer>> {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const project = new ci.Project({
    appid: OFFLINE_APPID,
    type: 'miniProgram',
    projectPath: stage,
    privateKey,
    ignores: ['node_modules/**/*'],
  });
  // Documented IProject hook: the account's attributes (package limits…) without asking WeChat.
  project.attr = async () => ci.DefaultProjectAttr;
  return ci.getCompiledResult({ project, setting: { useProjectConfig: true } });
}

function compileTemplates(mpRoot: string, files: string[], report: CompileReport): void {
  const wxmlList = files.filter((f) => f.endsWith('.wxml'));
  const wxsList = files.filter((f) => f.endsWith('.wxs'));
  try {
    wcc.wxmlToJs(mpRoot, { wxmlList, wxsList, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    report.errors.push(String((e as Error).message).trim());
  }
}

export async function compileMiniprogram(options: { keep?: boolean } = {}): Promise<CompileReport> {
  const report: CompileReport = { packed: [], files: 0, sizes: [], warnings: [], errors: [] };
  const stage = stageProject();
  try {
    await packNpm(stage, report);
    if (report.errors.length) return report;
    const mpRoot = path.join(stage, projectConfig(stage).miniprogramRoot);
    let files: Record<string, string | Buffer>;
    try {
      files = await compile(stage);
    } catch (e) {
      report.errors.push(`compile: ${(e as Error).message}`);
      return report;
    }
    report.files = Object.keys(files).length;
    // npm's own files are build inputs, never part of the code package.
    for (const f of Object.keys(files))
      if (/(^|\/)(package(-lock)?\.json$|node_modules\/)/.test(f))
        report.errors.push(`the package ships ${f}`);
    compileTemplates(mpRoot, Object.keys(files), report);
    const app = JSON.parse(String(files['app.json'])) as Parameters<typeof packageSizes>[1];
    report.sizes = packageSizes(files, app);
    const problems = sizeProblems(report.sizes);
    report.errors.push(...problems.errors);
    report.warnings.push(...problems.warnings);
    return report;
  } finally {
    if (options.keep) console.log(`staged project kept at ${stage}`);
    else fs.rmSync(stage, { recursive: true, force: true });
  }
}

function print(report: CompileReport): void {
  console.log(`构建 npm (miniprogram-ci packNpmManually): ${report.packed.join(', ') || 'nothing'}`);
  if (report.files) console.log(`compiled (miniprogram-ci getCompiledResult + wcc): ${report.files} files`);
  for (const s of report.sizes)
    console.log(
      `  ${s.name === '__APP__' ? 'main package' : `subpackage ${s.name}`}: ${kb(s.bytes)} (${s.files} files)`,
    );
  for (const w of report.warnings) console.warn(`warning: ${w}`);
  for (const e of report.errors) console.error(`error: ${e}`);
}

if (require.main === module) {
  // miniprogram-ci logs its own progress to stdout; keep ours readable by filtering nothing and
  // exiting explicitly: its worker pool keeps the event loop alive for minutes after compiling.
  compileMiniprogram({ keep: process.argv.includes('--keep') })
    .then((report) => {
      print(report);
      process.exit(report.errors.length ? 1 : 0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
