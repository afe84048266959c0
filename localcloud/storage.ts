// Cloud storage in a local folder. File ids keep CloudBase's shape (cloud://<env>.<bucket>/<path>)
// and temp URLs point at the local HTTP endpoint, which serves /files/<path>.
import fs from 'fs';
import path from 'path';

export const LOCAL_BUCKET_PREFIX = 'cloud://local.tongshi-local/';

export class LocalStorage {
  /** Set by the HTTP server once it knows its address. */
  baseUrl = 'http://127.0.0.1:8787';

  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private resolve(cloudPath: string): string {
    const clean = path.posix.normalize(cloudPath.replace(/^\/+/, ''));
    if (clean.startsWith('..') || clean === '.' || clean.includes('\0'))
      throw new Error(`invalid cloud path: ${cloudPath}`);
    return path.join(this.root, clean);
  }

  cloudPathOf(fileId: string): string | null {
    return fileId.startsWith(LOCAL_BUCKET_PREFIX) ? fileId.slice(LOCAL_BUCKET_PREFIX.length) : null;
  }

  upload(cloudPath: string, content: Buffer): string {
    const file = this.resolve(cloudPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
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
    return true;
  }

  tempUrl(fileId: string): string | null {
    const p = this.cloudPathOf(fileId);
    return p === null ? null : `${this.baseUrl}/files/${p.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** Absolute path for the HTTP server, or null when outside the folder or missing. */
  fileForUrlPath(urlPath: string): string | null {
    try {
      const file = this.resolve(decodeURIComponent(urlPath));
      return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
}
