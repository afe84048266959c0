// Roster reads for building groups: who is in a set of departments.
import type { EmployeeDoc } from './documents';
import { collection, command, rows } from './query';

const PAGE = 1000;

/** Active employees belonging to any of these departments (pass the expanded subtree). */
export async function activeEmployeesInDepartments(departmentIds: readonly string[]): Promise<EmployeeDoc[]> {
  if (!departmentIds.length) return [];
  const _ = command();
  const out: EmployeeDoc[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await rows<EmployeeDoc>(
      collection('employees')
        .where({ status: 'active', departmentIds: _.in([...departmentIds]) })
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(PAGE),
    );
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}
