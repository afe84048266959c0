// What the README tells a deployer matches the code: every collection has a security-rule file
// that forbids client writes, and the README's collections/indexes table is COLLECTIONS.
import fs from 'fs';
import path from 'path';
import { COLLECTIONS } from '../../cloudfunctions/core/store/collections';
import { collectionsTable } from '../../scripts/collections';

const ROOT = path.resolve(__dirname, '../..');
const RULES = path.join(ROOT, 'database-rules');

describe('deployment documents', () => {
  it('every collection has database-rules/<name>.json with write: false, and no rule file is orphaned', () => {
    const names = Object.keys(COLLECTIONS).sort();
    const files = fs
      .readdirSync(RULES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(names);
    for (const name of names) {
      const rule = JSON.parse(fs.readFileSync(path.join(RULES, `${name}.json`), 'utf8'));
      expect({ name, write: rule.write }).toEqual({ name, write: false });
      expect(['boolean', 'string']).toContain(typeof rule.read);
    }
  });

  it("README's collections table is generated from COLLECTIONS", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- collections:start -->\n([\s\S]*?)\n<!-- collections:end -->/.exec(readme)?.[1];
    expect(table).toBe(collectionsTable());
  });

  it("README's quick start stays two commands", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });
});
