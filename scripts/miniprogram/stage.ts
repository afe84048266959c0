// Copies what WeChat DevTools would open into a throwaway folder: project.config.json, the mini
// program (without any earlier 构建 npm output), the shared typings it imports, and — as
// `miniprogram/node_modules` — the packages miniprogram/package.json depends on, taken from the
// root install (root keeps them too, for the page tests and the preview). The official packer
// then builds npm there exactly as DevTools would, and nothing in the repository is touched.
import fs from 'fs';
import os from 'os';
import path from 'path';

export const ROOT = path.resolve(__dirname, '../..');

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

export interface ProjectConfig {
  miniprogramRoot: string;
  setting: {
    ignoreUploadUnusedFiles?: boolean;
    packNpmRelationList?: { packageJsonPath: string; miniprogramNpmDistDir: string }[];
  };
}

export function projectConfig(root = ROOT): ProjectConfig {
  return readJson<ProjectConfig>(path.join(root, 'project.config.json'));
}

/** The mini program's own npm dependency set: what 构建 npm is told to pack. */
export function miniprogramDependencies(root = ROOT): Record<string, string> {
  const config = projectConfig(root);
  const relations = config.setting.packNpmRelationList ?? [];
  if (relations.length !== 1) throw new Error('project.config.json: expected one packNpmRelationList entry');
  return readJson<PackageJson>(path.join(root, relations[0].packageJsonPath)).dependencies ?? {};
}

/** Copies an installed package and, recursively, what it depends on (a plain flat layout). */
function copyInstalled(name: string, into: string, seen: Set<string>): void {
  if (seen.has(name)) return;
  seen.add(name);
  const source = path.join(ROOT, 'node_modules', name);
  if (!fs.existsSync(source)) throw new Error(`${name} is not installed: run npm ci`);
  fs.cpSync(fs.realpathSync(source), path.join(into, name), { recursive: true, dereference: true });
  const deps = readJson<PackageJson>(path.join(source, 'package.json')).dependencies ?? {};
  for (const dep of Object.keys(deps)) copyInstalled(dep, into, seen);
}

const SKIP = new Set(['miniprogram_npm', 'node_modules']);

/** A fresh copy of the project in a temporary folder; returns its path. */
export function stageProject(): string {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-mpci-'));
  const config = projectConfig();
  const mpRoot = config.miniprogramRoot.replace(/\/$/, '');
  fs.copyFileSync(path.join(ROOT, 'project.config.json'), path.join(stage, 'project.config.json'));
  fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(stage, 'tsconfig.json'));
  fs.cpSync(path.join(ROOT, 'typings'), path.join(stage, 'typings'), { recursive: true });
  fs.cpSync(path.join(ROOT, mpRoot), path.join(stage, mpRoot), {
    recursive: true,
    filter: (src) => !SKIP.has(path.basename(src)),
  });
  const relation = config.setting.packNpmRelationList?.[0];
  if (!relation) throw new Error('project.config.json: packNpmRelationList is missing');
  const modules = path.join(stage, path.dirname(relation.packageJsonPath), 'node_modules');
  const seen = new Set<string>();
  for (const dep of Object.keys(miniprogramDependencies())) copyInstalled(dep, modules, seen);
  return stage;
}
