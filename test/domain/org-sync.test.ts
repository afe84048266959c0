// Which groups a change of the org chart touches, and what one auto-synced group must do.
import {
  ancestorsOrSelf,
  departmentsChangedBy,
  departmentsChangedByImport,
  planGroupSync,
  touchesGroup,
} from '../../cloudfunctions/core/domain/orgSync';

const tree = [
  { _id: 'stores', parentId: null },
  { _id: 'east', parentId: 'stores' },
  { _id: 'nj', parentId: 'east' },
  { _id: 'hh', parentId: 'east' },
  { _id: 'hq', parentId: null },
];

describe('which groups a move touches', () => {
  it('groups linked to the old or new department or any ancestor, never a sibling or unrelated one', () => {
    const touched = ancestorsOrSelf(tree, ['nj', 'hh']);
    expect([...touched].sort()).toEqual(['east', 'hh', 'nj', 'stores']);
    expect(touchesGroup(['stores'], touched)).toBe(true);
    expect(touchesGroup(['hq'], touched)).toBe(false);
    expect(touchesGroup([], touched)).toBe(false);
  });

  it('an import changes the departments people leave and join; unchanged and reordered rows change none', () => {
    expect(
      departmentsChangedBy([
        { before: ['nj'], after: ['hh'] },
        { before: ['a', 'b'], after: ['b', 'a'] },
        { after: ['new'] },
      ]),
    ).toEqual(['hh', 'new', 'nj']);
    const roster = [
      { _id: 'e1', departmentIds: ['nj'], status: 'active' as const },
      { _id: 'e2', departmentIds: ['hh'], status: 'departed' as const },
    ];
    const plan = {
      creates: [],
      updates: [
        { id: 'e1', row: 1, patch: { position: '店长' } },
        { id: 'e2', row: 2, patch: { status: 'active' as const } },
      ],
    };
    // A rehire joins their departments; a position change moves nobody.
    expect(departmentsChangedByImport(plan, roster)).toEqual(['hh']);
  });
});

describe('planGroupSync', () => {
  const p = (id: string) => ({ _id: id, name: id.toUpperCase() });
  const base = {
    isInScope: (x: { _id: string }) => x._id !== 'out',
    isManager: (id: string) => id === 'owner',
    memberCap: 5,
  };

  it('newcomers join, department leavers go, hand-picked people and managers stay', () => {
    const plan = planGroupSync({
      ...base,
      inDepartments: [p('a'), p('new')],
      members: [
        { employeeId: 'owner', viaDepartment: true },
        { employeeId: 'a', viaDepartment: true },
        { employeeId: 'moved', viaDepartment: true },
        { employeeId: 'picked' },
      ],
      memberCount: 4,
    });
    expect(plan.join.map((x) => x._id)).toEqual(['new']);
    expect(plan.leave).toEqual([{ employeeId: 'moved', reason: 'moved' }]);
    expect(plan.blocked).toEqual([]);
  });

  it('the cap lets in whoever fits after the leavers, the scope keeps people out, both reported', () => {
    const plan = planGroupSync({
      ...base,
      inDepartments: [p('n1'), p('n2'), p('n3'), p('out')],
      members: [
        { employeeId: 'owner' },
        { employeeId: 'x', viaDepartment: true },
        { employeeId: 'y' },
        { employeeId: 'z' },
      ],
      memberCount: 4,
    });
    // 4 members, x leaves: 3 seats used, 2 free under a cap of 5.
    expect(plan.join.map((x) => x._id)).toEqual(['n1', 'n2']);
    expect(plan.blocked).toEqual([
      { employeeId: 'out', name: 'OUT', reason: 'out_of_scope' },
      { employeeId: 'n3', name: 'N3', reason: 'cap' },
    ]);
    // A member who stays in the department but leaves the scope goes with its own reason.
    const scoped = planGroupSync({
      ...base,
      inDepartments: [p('out')],
      members: [{ employeeId: 'out', viaDepartment: true }],
      memberCount: 1,
    });
    expect(scoped.leave).toEqual([{ employeeId: 'out', reason: 'out_of_scope' }]);
    expect(scoped.blocked).toEqual([]);
  });
});
