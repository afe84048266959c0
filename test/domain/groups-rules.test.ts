// Pure group rules: cap, scope, initiation, ownership, default name.
import { checkCap, effectiveCap } from '../../cloudfunctions/core/domain/cap';
import { defaultGroupName, nameWithout } from '../../cloudfunctions/core/domain/groupName';
import { canInitiate } from '../../cloudfunctions/core/domain/initiation';
import {
  checkAdminCount,
  checkCanAdd,
  checkCanRemove,
  pickSuccessor,
  roleOf,
} from '../../cloudfunctions/core/domain/ownership';
import { inScope, subtreeIds } from '../../cloudfunctions/core/domain/scope';

const tree = [
  { _id: 'hq', parentId: null },
  { _id: 'sales', parentId: 'hq' },
  { _id: 's1', parentId: 'sales' },
  { _id: 'tech', parentId: 'hq' },
];
const codeOf = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('cap', () => {
  it('refuses over the cap with details, allows exactly the cap', () => {
    expect(codeOf(() => checkCap(1000, 0, 1000))).toBeUndefined();
    expect(codeOf(() => checkCap(1000, 0, 1001))).toBe('GROUP_FULL');
    try {
      checkCap(1000, 990, 11);
    } catch (e) {
      expect((e as { details: unknown }).details).toEqual({ cap: 1000, current: 990, requested: 11 });
    }
  });
  it('never goes above 1,000 or below 1', () => {
    expect(effectiveCap(5000)).toBe(1000);
    expect(effectiveCap(0)).toBe(1);
    expect(effectiveCap(undefined)).toBe(1000);
    expect(effectiveCap(300)).toBe(300);
  });
});

describe('scope and initiation', () => {
  it('a department includes its sub-departments', () => {
    expect([...subtreeIds(tree, ['sales'])].sort()).toEqual(['s1', 'sales']);
    const scope = { mode: 'restricted' as const, employeeIds: ['x'], departmentIds: ['sales'] };
    expect(inScope(scope, tree, { _id: 'a', departmentIds: ['s1'] })).toBe(true);
    expect(inScope(scope, tree, { _id: 'b', departmentIds: ['tech'] })).toBe(false);
    expect(inScope(scope, tree, { _id: 'x', departmentIds: ['tech'] })).toBe(true);
    expect(inScope({ mode: 'all' }, tree, { _id: 'b', departmentIds: [] })).toBe(true);
    expect(canInitiate(scope, tree, { _id: 'b', departmentIds: ['hq'] })).toBe(false);
  });
});

describe('ownership', () => {
  it('handover picks the earliest-joined remaining member', () => {
    const members = [
      { employeeId: 'o', joinSeq: 1 },
      { employeeId: 'c', joinSeq: 7 },
      { employeeId: 'b', joinSeq: 3 },
    ];
    expect(pickSuccessor(members, 'o')?.employeeId).toBe('b');
    expect(pickSuccessor([{ employeeId: 'o', joinSeq: 1 }], 'o')).toBeNull();
  });
  it('permission matrix', () => {
    expect(codeOf(() => checkCanAdd('member', false))).toBe('FORBIDDEN');
    expect(codeOf(() => checkCanAdd('member', true))).toBeUndefined();
    expect(codeOf(() => checkCanAdd('admin', false))).toBeUndefined();
    expect(codeOf(() => checkCanRemove('admin', 'member', false))).toBeUndefined();
    expect(codeOf(() => checkCanRemove('admin', 'admin', false))).toBe('FORBIDDEN');
    expect(codeOf(() => checkCanRemove('admin', 'owner', false))).toBe('FORBIDDEN');
    expect(codeOf(() => checkCanRemove('owner', 'admin', false))).toBeUndefined();
    expect(codeOf(() => checkCanRemove('member', 'member', false))).toBe('FORBIDDEN');
    expect(codeOf(() => checkAdminCount(Array.from({ length: 10 }, String)))).toBeUndefined();
    expect(codeOf(() => checkAdminCount(Array.from({ length: 11 }, String)))).toBe('INVALID_ARGUMENT');
    expect(roleOf('a', { ownerId: 'a', adminIds: [] })).toBe('owner');
    expect(roleOf('b', { ownerId: 'a', adminIds: ['b'] })).toBe('admin');
  });
});

describe('default group name', () => {
  it('names the first three members', () => {
    expect(defaultGroupName(['张伟', '李娜', '王强', '赵敏'])).toBe('张伟、李娜、王强…');
    expect(defaultGroupName(['张伟', '李娜'])).toBe('张伟、李娜');
  });

  it('drops a member who left from an automatic name, keeping the others and the ellipsis', () => {
    expect(nameWithout('张伟、李娜、王强…', '李娜')).toBe('张伟、王强…');
    expect(nameWithout('张伟、李娜', '张伟')).toBe('李娜');
    expect(nameWithout('张伟', '张伟')).toBe('群聊');
    expect(nameWithout('张伟、李娜', '赵敏')).toBe('张伟、李娜');
    // A name that merely contains theirs is not a list of names.
    expect(nameWithout('张伟的店', '张伟')).toBe('张伟的店');
  });
});
