// The create/add result names who the usage scope left out (issue 14: not a bare count).
import { outOfScopeLine } from '../../miniprogram/utils/skipped';

describe('outOfScopeLine', () => {
  it('names the people outside the scope, at most three then a count', () => {
    expect(outOfScopeLine([])).toBe('');
    expect(outOfScopeLine([{ employeeId: 'a', reason: 'departed', name: '甲' }])).toBe('');
    expect(outOfScopeLine([{ employeeId: 'a', reason: 'out_of_scope', name: '王强' }])).toBe(
      '王强 不在使用范围内，未加入',
    );
    const four = ['王强', '赵敏', '刘洋', '陈静'].map((name, i) => ({
      employeeId: `e${i}`,
      reason: 'out_of_scope' as const,
      name,
    }));
    expect(outOfScopeLine(four)).toBe('王强、赵敏、刘洋 等 4 人 不在使用范围内，未加入');
  });
});
