// The mini program restates no rule of the server (issue 11): no Chinese status text written in
// core/domain, no number of a domain constant where it would act as a limit, a window or a label,
// and no role comparison. Each check reads the sources as text; the few matches that are not
// restatements are listed with the reason. A new restatement fails here: take the value from the
// server (a capability flag, directory.me limits, a preview field) instead.
import fs from 'fs';
import path from 'path';
import { AUDIT_ACTION_LABELS } from '../../cloudfunctions/core/domain/auditSentence';

const ROOT = path.join(__dirname, '../..');
const DOMAIN = path.join(ROOT, 'cloudfunctions/core/domain');
const CLIENT = path.join(ROOT, 'miniprogram');

function clientFiles(dir = CLIENT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'miniprogram_npm' || e.name === 'node_modules') return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? clientFiles(p) : /\.(ts|wxml|wxs)$/.test(e.name) ? [p] : [];
  });
}
const rel = (p: string) => path.relative(ROOT, p);
const withoutComments = (src: string) =>
  src
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, '');
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

/** String literals and the fixed parts of template literals (TS), text and attribute values (WXML). */
function literals(file: string): string[] {
  const src = withoutComments(fs.readFileSync(file, 'utf8'));
  const out: string[] = [];
  if (file.endsWith('.wxml')) {
    for (const m of src.matchAll(/>([^<>]+)</g)) out.push(...m[1].split(/\{\{[^}]*\}\}/));
    for (const m of src.matchAll(/="([^"]*)"/g)) out.push(...m[1].split(/\{\{[^}]*\}\}/));
    for (const m of src.matchAll(/'([^'\n]*)'/g)) out.push(m[1]);
  } else
    for (const m of src.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`/g))
      out.push(...(m[1] ?? m[2] ?? m[3]).split(/\$\{[^}]*\}/));
  return out.map((t) => t.trim()).filter(Boolean);
}

const domainFiles = fs.readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'));
const domainModules = domainFiles.map((f) => ({ file: f, exports: require(path.join(DOMAIN, f)) }));

/** Client literals that equal a domain literal and are not a restatement, with why. */
const TEXT_ALLOWED: Record<string, string> = {
  群成员上限: "the settings field's own label (errors.ts names the field in a message)",
  请选择部门或同事: "group-create's prompt before anything is picked, not a refusal",
  '[@所有人]': 'the list prefix for the server flag mentionedAll (notify.ts words cards alike)',
  '[有人@我]': 'the list prefix for the server flag mentionedMe (notify.ts words cards alike)',
  '[图片]': "the back office's and search page's label for an image they list",
  '[文件]': "the back office's and search page's label for a file they list",
  '[已撤回]': "the back office's mark on a message the server flags recalled (its text kept)",
  未分配部门: "profile's line for a person the server lists with no department",
  不在使用范围内: "the picker's mark on a row the server sends with inScope: false",
  员工姓名: "a form field's label (roster.ts accepts the same column heading in imported sheets)",
};

test('no Chinese status text from core/domain is written again under miniprogram/', () => {
  // Action names (设置管理员, 转让群主…) are what buttons and audit lines both call an action: the
  // audit wording (auditSentence.ts) is left out.
  const labels = new Set<string>(Object.values(AUDIT_ACTION_LABELS));
  const domainTexts = new Map<string, string>();
  for (const f of domainFiles.filter((f) => f !== 'auditSentence.ts'))
    for (const t of literals(path.join(DOMAIN, f)))
      if (hasHan(t) && [...t].length >= 4 && !labels.has(t)) domainTexts.set(t, f);
  const restated: string[] = [];
  for (const file of clientFiles())
    for (const t of literals(file))
      if (domainTexts.has(t) && !(t in TEXT_ALLOWED))
        restated.push(`${rel(file)}: "${t}" (core/domain/${domainTexts.get(t)})`);
  expect(restated).toEqual([]);
});

/** Every exported number of core/domain (limits, windows, counts), by value. */
function domainNumbers(): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const { file, exports } of domainModules)
    for (const [name, value] of Object.entries(exports as Record<string, unknown>))
      if (typeof value === 'number' && value >= 2)
        out.set(value, [...(out.get(value) ?? []), `${file.replace(/\.ts$/, '')}.${name}`]);
  return out;
}
const NUMBER = /(?<![\w.$#-])\d[\d_]*(?:\s*\*\s*\d[\d_]*)*(?![\w.])/g;
const valueOf = (token: string) =>
  token.split('*').reduce((a, x) => a * Number(x.trim().replace(/_/g, '')), 1);

/** Numbers where a client file could restate a rule: limits, visible text, comparisons, windows. */
function suspectNumbers(file: string): { line: number; token: string; text: string }[] {
  const lines = withoutComments(fs.readFileSync(file, 'utf8')).split('\n');
  const out: { line: number; token: string; text: string }[] = [];
  const add = (i: number, fragment: string) => {
    for (const m of fragment.matchAll(NUMBER)) out.push({ line: i + 1, token: m[0], text: lines[i].trim() });
  };
  lines.forEach((line, i) => {
    if (file.endsWith('.wxml')) {
      // Input limits and steppers, and what the page shows as text ("最多 1000 人", "/ 10").
      for (const m of line.matchAll(/\b(?:maxlength|max|min)="([^"]*)"/g)) add(i, m[1]);
      for (const m of line.matchAll(/>([^<>]*)</g)) add(i, m[1]);
      for (const m of line.matchAll(/label="([^"]*)"/g)) add(i, m[1]);
    } else {
      // Text shown to people, comparisons, and anything of a minute or more (time windows).
      for (const m of line.matchAll(/'([^'\n]*)'|`([^`]*)`/g)) if (hasHan(m[1] ?? m[2])) add(i, m[1] ?? m[2]);
      for (const m of line.matchAll(/(?:[<>]=?|===?|!==?)\s*(\d[\d_]*(?:\s*\*\s*\d[\d_]*)*)/g)) add(i, m[1]);
      for (const m of line.matchAll(NUMBER)) if (valueOf(m[0]) >= 60_000) add(i, m[0]);
    }
  });
  return out;
}

/** file:token pairs that match a domain number by coincidence, with why. */
const NUMBER_ALLOWED: Record<string, string> = {
  'miniprogram/pages/department/index.ts:20': 'a guard against a cyclic department chain, not a page size',
  'miniprogram/services/session.ts:60_000': "the department tree's client cache lifetime",
  'miniprogram/services/files.ts:60_000': 'renews file links a minute before they expire',
  'miniprogram/utils/time.ts:5 * 60 * 1000': 'the chat shows a time separator after five quiet minutes',
  'miniprogram/admin/departments/index.ts:100': "a bound on walking up the tree, not the server's page size",
  'miniprogram/admin/shared/export.ts:200': 'the HTTP status of a download',
};

test('no number of a core/domain constant is restated as a limit, window or text under miniprogram/', () => {
  const numbers = domainNumbers();
  const restated: string[] = [];
  for (const file of clientFiles())
    for (const { line, token, text } of suspectNumbers(file)) {
      const names = numbers.get(valueOf(token));
      if (names && !(`${rel(file)}:${token}` in NUMBER_ALLOWED))
        restated.push(`${rel(file)}:${line} ${token} = ${names.join(', ')} | ${text}`);
    }
  expect(restated).toEqual([]);
});

test('no role rule is restated under miniprogram/ (roles only pick a label or a colour)', () => {
  const allowed: Record<string, string> = {
    'miniprogram/pages/group-members/index.ts':
      "in the owner-only modes (设置管理员, 转让群主) the owner's own row cannot be ticked",
    'miniprogram/pages/group-members/index.wxml': "the owner's tag colour",
  };
  const found: string[] = [];
  for (const file of clientFiles()) {
    const src = withoutComments(fs.readFileSync(file, 'utf8'));
    if (
      /(?:===?|!==?)\s*'(?:owner|admin)'|'(?:owner|admin)'\s*(?:===?|!==?)/.test(src) &&
      !(rel(file) in allowed)
    )
      found.push(rel(file));
  }
  expect(found).toEqual([]);
});

test('no page parses server text: no regular expression over Chinese words under miniprogram/', () => {
  // State is a field (lastMessage.state, .announcement, removalNotice…), never read out of a line.
  const found: string[] = [];
  for (const file of clientFiles().filter((f) => f.endsWith('.ts')))
    for (const m of withoutComments(fs.readFileSync(file, 'utf8')).matchAll(
      /(?<![\w)\]'"`])\/(?![/*])(?:\\.|[^/\n\\])*\p{Script=Han}(?:\\.|[^/\n\\])*\/[gimsuy]*/gu,
    ))
      found.push(`${rel(file)}: ${m[0]}`);
  expect(found).toEqual([]);
});
