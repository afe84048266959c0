// The bucket's security rule (storage-rules/storage.json), evaluated for client storage requests
// the way CloudBase does: read for downloads and temp URLs, write for uploads, overwrites and
// deletes, with `auth` the signed-in caller (null without one) and `resource` the file's owner
// and path. Server-side calls (the functions' wx-server-sdk) are not bound by it.
import fs from 'fs';
import path from 'path';
import { parseRule, evaluateRule, type RuleContext } from './realtime/rules';

type Compiled = ReturnType<typeof parseRule> | boolean;

export interface StorageRule {
  read?: boolean | string;
  write?: boolean | string;
}

export const STORAGE_RULE_FILE = path.resolve(__dirname, '../storage-rules/storage.json');

export class StorageRules {
  private readonly read: Compiled;
  private readonly write: Compiled;

  constructor(rule: StorageRule) {
    // A missing operation is refused, as on the service.
    const compile = (r: boolean | string | undefined): Compiled =>
      typeof r === 'string' ? parseRule(r) : r === true;
    this.read = compile(rule.read);
    this.write = compile(rule.write);
  }

  static fromFile(file = STORAGE_RULE_FILE): StorageRules {
    return new StorageRules(JSON.parse(fs.readFileSync(file, 'utf8')) as StorageRule);
  }

  private allows(rule: Compiled, openid: string, resource: { openid: string; path: string }): boolean {
    if (typeof rule === 'boolean') return rule;
    const ctx: RuleContext = {
      auth: openid ? { openid } : null,
      doc: {},
      now: Date.now(),
      resource,
      get: () => null,
    };
    return evaluateRule(rule, ctx);
  }

  canRead(openid: string, resource: { openid: string; path: string }): boolean {
    return this.allows(this.read, openid, resource);
  }

  canWrite(openid: string, resource: { openid: string; path: string }): boolean {
    return this.allows(this.write, openid, resource);
  }
}
