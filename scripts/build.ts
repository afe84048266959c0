// `npm run build [-- --out <dir>]`: bundles each cloud function for CloudBase.
// For every cloudfunctions/<fn>/index.ts: dist/cloudfunctions/<fn>/index.js (CommonJS for Node 16,
// core/ and every npm dependency bundled in, wx-server-sdk left external because CloudBase
// installs it — "云端安装依赖"), package.json (wx-server-sdk only) and config.json declaring
// the open APIs (云调用) the bundle calls, found in the bundle itself so a new call is never
// forgotten, plus the function's timeout and timer trigger from core/platform/functions.ts.
import fs from 'fs';
import path from 'path';
import { build as esbuild } from 'esbuild';
import { FUNCTION_SPECS, type FunctionSpec } from '../cloudfunctions/core/platform/functions';

const ROOT = path.resolve(__dirname, '..');
const SOURCES = path.join(ROOT, 'cloudfunctions');
export const DEFAULT_OUT = path.join(ROOT, 'dist', 'cloudfunctions');
const WX_SERVER_SDK = '^4.0.2';
/** The oldest runtime the README tells deployers to pick (Nodejs 16); the code needs 15+ (`??=`). */
export const NODE_TARGET = 'node16';

/** Open-API namespaces of wx-server-sdk's `cloud.openapi` that may need a permission. */
const OPENAPI_NAMESPACES = [
  'security',
  'phonenumber',
  'subscribeMessage',
  'uniformMessage',
  'customerServiceMessage',
  'templateMessage',
  'wxacode',
  'urlscheme',
  'urllink',
  'img',
  'ocr',
];

export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
  openapi: string[];
  config: FunctionConfig;
}

/** CloudBase's config.json: open-API permissions, one timer trigger at most; `timeout` in seconds. */
export interface FunctionConfig {
  permissions: { openapi: string[] };
  timeout: number;
  triggers?: NonNullable<FunctionSpec['trigger']>[];
}

export function functionConfig(name: string, openapi: string[]): FunctionConfig {
  const spec = (FUNCTION_SPECS as Record<string, FunctionSpec>)[name];
  if (!spec) throw new Error(`${name}: no entry in cloudfunctions/core/platform/functions.ts`);
  return {
    permissions: { openapi },
    timeout: spec.timeout,
    ...(spec.trigger ? { triggers: [{ ...spec.trigger }] } : {}),
  };
}

export function functionNames(): string[] {
  return fs
    .readdirSync(SOURCES)
    .filter((name) => name !== 'core' && fs.existsSync(path.join(SOURCES, name, 'index.ts')))
    .sort();
}

/** `security.msgSecCheck(`-style calls in the bundled code: what config.json must declare. */
export function openApiCalls(code: string): string[] {
  const pattern = new RegExp(`\\.(${OPENAPI_NAMESPACES.join('|')})\\.([A-Za-z]+)\\(`, 'g');
  const found = new Set<string>();
  for (const m of code.matchAll(pattern)) found.add(`${m[1]}.${m[2]}`);
  return [...found].sort();
}

export async function buildFunctions(
  outDir = DEFAULT_OUT,
  names = functionNames(),
): Promise<BuiltFunction[]> {
  const version = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return Promise.all(
    names.map(async (name) => {
      const dir = path.join(outDir, name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const outfile = path.join(dir, 'index.js');
      const result = await esbuild({
        entryPoints: [path.join(SOURCES, name, 'index.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        target: NODE_TARGET,
        format: 'cjs',
        external: ['wx-server-sdk'],
        metafile: true,
        logLevel: 'warning',
        legalComments: 'none',
      });
      // The local cloud (SQLite, native code) must never ride along into a deployed function.
      const strays = Object.keys(result.metafile.inputs).filter((input) =>
        /(^|\/)(localcloud|better-sqlite3)\//.test(input),
      );
      if (strays.length) throw new Error(`${name}: bundle pulls in local-only code: ${strays.join(', ')}`);
      const code = fs.readFileSync(outfile, 'utf8');
      const openapi = openApiCalls(code);
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        `${JSON.stringify(
          {
            name,
            version,
            private: true,
            description: `Tongshi cloud function ${name} (built by scripts/build.ts; do not edit)`,
            main: 'index.js',
            dependencies: { 'wx-server-sdk': WX_SERVER_SDK },
          },
          null,
          2,
        )}\n`,
      );
      const config = functionConfig(name, openapi);
      fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
      return { name, dir, bytes: Buffer.byteLength(code), openapi, config };
    }),
  );
}

function outArgument(argv: string[]): string {
  const i = argv.indexOf('--out');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]);
  const inline = argv.find((a) => a.startsWith('--out='));
  return inline ? path.resolve(inline.slice('--out='.length)) : DEFAULT_OUT;
}

if (require.main === module) {
  const outDir = outArgument(process.argv.slice(2));
  buildFunctions(outDir)
    .then((built) => {
      for (const f of built) {
        const perms = f.openapi.length ? f.openapi.join(', ') : 'none';
        console.log(
          `${path.relative(ROOT, f.dir) || f.dir}/index.js  ${(f.bytes / 1024).toFixed(0)} KB  timeout: ${f.config.timeout} s  openapi: ${perms}${f.config.triggers ? `  trigger: ${f.config.triggers[0].config}` : ''}`,
        );
      }
    })
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    });
}
