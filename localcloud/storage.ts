// Cloud storage in a local folder. File ids keep CloudBase's shape (cloud://<env>.<bucket>/<path>)
// and temp URLs point at the local HTTP endpoint, which serves /files/<path>. Like CloudBase's,
// a temp URL is signed and expires (maxAge seconds, default one day), and every file records
// the openid that uploaded it (`resource.openid` of the storage rule; '' for the functions).
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

export const LOCAL_BUCKET_PREFIX = 'cloud://local.tongshi-local/';

/** CloudBase's default lifetime of a temp URL when no maxAge is given. */
export const DEFAULT_TEMP_URL_SECONDS = 86400;
const OWNERS = '.owners';

export class LocalStorage {
  /** Set by the HTTP server once it knows its address. */
  baseUrl = 'http://127.0.0.1:8787';
  /** Signs temp URLs; new per start, so links from an earlier run stop working like expired ones. */
  private readonly secret = crypto.randomBytes(16);
  now: () => number = () => Date.now();

  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private clean(cloudPath: string): string {
    const clean = path.posix.normalize(cloudPath.replace(/^\/+/, ''));
    if (clean.startsWith('..') || clean === '.' || clean.includes('\0') || clean.split('/')[0] === OWNERS)
      throw new Error(`invalid cloud path: ${cloudPath}`);
    return clean;
  }

  private resolve(cloudPath: string): string {
    return path.join(this.root, this.clean(cloudPath));
  }

  private ownerFile(cloudPath: string): string {
    return path.join(this.root, OWNERS, `${this.clean(cloudPath)}.owner`);
  }

  /** The openid that uploaded the file at this path ('' = the functions), or null when none is stored. */
  ownerOf(cloudPath: string): string | null {
    const file = this.resolve(cloudPath);
    if (!fs.existsSync(file)) return null;
    const owner = this.ownerFile(cloudPath);
    return fs.existsSync(owner) ? fs.readFileSync(owner, 'utf8') : '';
  }

  /** The path of a file id of this bucket; null for another bucket or a path outside the folder. */
  cloudPathOf(fileId: string): string | null {
    if (!fileId.startsWith(LOCAL_BUCKET_PREFIX)) return null;
    try {
      return this.clean(fileId.slice(LOCAL_BUCKET_PREFIX.length));
    } catch {
      return null; // like CloudBase: such a file simply does not exist
    }
  }

  upload(cloudPath: string, content: Buffer, ownerOpenid = ''): string {
    const file = this.resolve(cloudPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const owner = this.ownerFile(cloudPath);
    fs.mkdirSync(path.dirname(owner), { recursive: true });
    fs.writeFileSync(owner, ownerOpenid);
    return LOCAL_BUCKET_PREFIX + cloudPath.replace(/^\/+/, '');
  }

  read(fileId: string): Buffer | null {
    const p = this.cloudPathOf(fileId);
    if (p === null) return null;
    const file = this.resolve(p);
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  }

  exists(fileId: string): boolean {
    const p = this.cloudPathOf(fileId);
    return p !== null && fs.existsSync(this.resolve(p));
  }

  remove(fileId: string): boolean {
    const p = this.cloudPathOf(fileId);
    if (p === null) return false;
    const file = this.resolve(p);
    if (!fs.existsSync(file)) return false;
    fs.unlinkSync(file);
    fs.rmSync(this.ownerFile(p), { force: true });
    return true;
  }

  /** Every stored file's id (the console's file list). */
  list(): string[] {
    const out: string[] = [];
    const walk = (dir: string, prefix: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (rel === OWNERS) continue;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
        else out.push(LOCAL_BUCKET_PREFIX + rel);
      }
    };
    walk(this.root, '');
    return out.sort();
  }

  private sign(cloudPath: string, expires: number): string {
    return crypto
      .createHmac('sha256', this.secret)
      .update(`${cloudPath}\n${expires}`)
      .digest('hex')
      .slice(0, 32);
  }

  /** A signed link valid for `maxAgeSeconds`, or null for a file id of another bucket. */
  tempUrl(fileId: string, maxAgeSeconds = DEFAULT_TEMP_URL_SECONDS): string | null {
    const p = this.cloudPathOf(fileId);
    if (p === null) return null;
    const expires = Math.floor(this.now() / 1000) + maxAgeSeconds;
    const encoded = p.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl}/files/${encoded}?t=${expires}&sign=${this.sign(this.clean(p), expires)}`;
  }

  /** The bytes behind one of this storage's live temp URLs (what WeChat fetches for a media check). */
  readTempUrl(url: string): Buffer | null {
    try {
      const u = new URL(url);
      if (!u.pathname.startsWith('/files/')) return null;
      const file = this.fileForUrl(u.pathname.slice('/files/'.length), u.searchParams);
      return file ? fs.readFileSync(file) : null;
    } catch {
      return null;
    }
  }

  /** Absolute path for the HTTP server, or null when unsigned, expired, outside the folder or missing. */
  fileForUrl(urlPath: string, params: URLSearchParams): string | null {
    try {
      const cloudPath = this.clean(decodeURIComponent(urlPath));
      const expires = Number(params.get('t'));
      const sign = params.get('sign') ?? '';
      const expected = this.sign(cloudPath, expires);
      if (!Number.isInteger(expires) || expires * 1000 < this.now()) return null;
      if (
        sign.length !== expected.length ||
        !crypto.timingSafeEqual(Buffer.from(sign), Buffer.from(expected))
      )
        return null;
      const file = path.join(this.root, cloudPath);
      return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
}
