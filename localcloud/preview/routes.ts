// The browser preview on the local cloud's HTTP server: `/` (phones + act-as panel), `/frame`
// (one phone), `/preview/assets/*` (the build), and preview-only helpers: employee search for
// the panel, the default identity, and emulated phone-number codes for the bind page.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type http from 'http';
import type { LocalServer } from '../server';
import { sendJson } from '../server';
import { buildPreview, DEFAULT_OUT_DIR } from './build';
import { registerStorageRoutes } from './storageRoutes';
import { collection, command, rows } from '../../cloudfunctions/core/store/query';
import { db } from '../../cloudfunctions/core/platform/cloud';
import type { DepartmentDoc, EmployeeDoc } from '../../cloudfunctions/core/store/documents';
import type { ActAsPerson } from './actAs';

/** An unbound employee acts with this OPENID, so binding them in the preview has an identity. */
export const ACT_AS_PREFIX = 'o_as_';
const PREFERRED_DEFAULT = 'o_demo_manager';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface PreviewOptions {
  outDir?: string;
}

export async function registerPreview(server: LocalServer, options: PreviewOptions = {}): Promise<void> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  let buildError: string | null = null;

  /** Rebuilds when a source changed (a cheap mtime check otherwise), so a reload shows edits. */
  const ensureBuilt = async () => {
    try {
      const r = await buildPreview({ outDir });
      buildError = null;
      return r;
    } catch (e) {
      buildError = e instanceof Error ? (e.stack ?? e.message) : String(e);
      console.error('[preview] build failed:', buildError);
      return null;
    }
  };
  const first = await ensureBuilt();
  if (first?.built)
    console.log(
      `[preview] built in ${first.ms} ms (${first.files} files) → ${path.relative(process.cwd(), outDir)}`,
    );

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, name: string) => {
    const file = path.join(outDir, name);
    if (buildError || !fs.existsSync(file)) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`预览构建失败 (preview build failed)\n\n${buildError ?? `missing ${name}`}`);
      return;
    }
    const stat = fs.statSync(file);
    const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      etag,
    });
    fs.createReadStream(file).pipe(res);
  };

  server.route('GET', '/', async (req, res, url) => {
    if (url.pathname !== '/' && url.pathname !== '/index.html') {
      sendJson(res, 404, { error: `no route for GET ${url.pathname}` });
      return;
    }
    await ensureBuilt();
    serveStatic(req, res, 'host.html');
  });
  server.route('GET', '/frame', async (req, res) => {
    await ensureBuilt();
    serveStatic(req, res, 'frame.html');
  });
  server.route('GET', '/preview/assets/', (req, res, url) => {
    const name = path.posix.basename(url.pathname);
    serveStatic(req, res, name);
  });

  server.route('GET', '/api/preview/info', async (_req, res) => {
    sendJson(res, 200, { defaultOpenid: await defaultOpenid(server) });
  });

  server.route('GET', '/api/preview/employees', async (_req, res, url) => {
    const keyword = (url.searchParams.get('q') ?? '').trim().slice(0, 50);
    sendJson(res, 200, { items: await server.cloud.runAs('', () => searchEmployees(keyword)) });
  });

  server.route('POST', '/api/preview/phone-code', async (req, res) => {
    const openid = String(req.headers['x-wx-openid'] ?? '').trim();
    const employee = await server.cloud.runAs(openid, () => employeeForOpenid(openid));
    if (!employee?.mobile) {
      sendJson(res, 404, { error: '预览：当前身份没有对应的员工手机号' });
      return;
    }
    const code = `preview-${crypto.randomBytes(8).toString('hex')}`;
    server.cloud.openapi.registerPhoneCode(code, employee.mobile);
    sendJson(res, 200, { code });
  });

  registerStorageRoutes(server);
}

async function employeeForOpenid(openid: string): Promise<EmployeeDoc | null> {
  if (!openid) return null;
  const [bound] = await rows<EmployeeDoc>(collection('employees').where({ openid }).limit(1));
  if (bound) return bound;
  if (openid.startsWith(ACT_AS_PREFIX)) {
    const [byId] = await rows<EmployeeDoc>(
      collection('employees')
        .where({ _id: openid.slice(ACT_AS_PREFIX.length) })
        .limit(1),
    );
    return byId ?? null;
  }
  // Someone who has left keeps their WeChat and its phone number: the phone button still works
  // (and the bind page then tells them they have left).
  const [former] = await rows<EmployeeDoc>(collection('employees').where({ formerOpenid: openid }).limit(1));
  return former ?? null;
}

async function defaultOpenid(server: LocalServer): Promise<string> {
  return server.cloud.runAs('', async () => {
    const [preferred] = await rows<EmployeeDoc>(
      collection('employees').where({ openid: PREFERRED_DEFAULT }).limit(1),
    );
    if (preferred) return PREFERRED_DEFAULT;
    const [admin] = await rows<EmployeeDoc>(
      collection('employees')
        .where({ isAdmin: true, status: 'active', openid: command().neq(null) })
        .limit(1),
    );
    return admin?.openid ?? 'o_me';
  });
}

async function searchEmployees(keyword: string): Promise<ActAsPerson[]> {
  const _ = command();
  let docs: EmployeeDoc[];
  if (keyword) {
    const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    docs = await rows<EmployeeDoc>(
      collection('employees')
        .where(
          _.or([
            { name: db().RegExp({ regexp: escaped, options: 'i' }) },
            { nameInitials: db().RegExp({ regexp: `^${escaped.toLowerCase()}` }) },
            { mobile: db().RegExp({ regexp: escaped }) },
          ]),
        )
        .limit(50),
    );
  } else {
    // People with a WeChat identity first (the demo identities), then a few others to bind.
    const bound = await rows<EmployeeDoc>(
      collection('employees')
        .where({ openid: _.neq(null) })
        .limit(50),
    );
    const others = await rows<EmployeeDoc>(
      collection('employees').where({ openid: null, status: 'active' }).limit(20),
    );
    docs = [...bound, ...others];
  }
  const deptIds = [...new Set(docs.flatMap((d) => d.departmentIds ?? []))];
  const depts = deptIds.length
    ? await rows<DepartmentDoc>(
        collection('departments')
          .where({ _id: _.in(deptIds) })
          .limit(1000),
      )
    : [];
  const deptName = new Map(depts.map((d) => [d._id, d.name]));
  return docs
    .map((d) => ({
      id: d._id,
      name: d.name,
      position: d.position ?? '',
      department: (d.departmentIds ?? [])
        .map((id) => deptName.get(id) ?? '')
        .filter(Boolean)
        .join('、'),
      openid: d.openid ?? `${ACT_AS_PREFIX}${d._id}`,
      bound: !!d.openid,
      isAdmin: !!d.isAdmin,
      status: d.status,
    }))
    .sort((a, b) => Number(b.isAdmin) - Number(a.isAdmin) || Number(b.bound) - Number(a.bound));
}
