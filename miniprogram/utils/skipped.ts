// Who a create/add left out, by name: "王强、赵敏 不在使用范围内，未加入" instead of a bare count.
import type { Skipped } from '../../typings/api';

const SHOWN = 3;

export function outOfScopeLine(skipped: readonly Skipped[]): string {
  const names = skipped.filter((s) => s.reason === 'out_of_scope').map((s) => s.name || '某同事');
  if (!names.length) return '';
  const shown = names.slice(0, SHOWN).join('、');
  return `${names.length > SHOWN ? `${shown} 等 ${names.length} 人` : shown} 不在使用范围内，未加入`;
}
