import type { DepartmentDoc } from './documents';
import { addMany } from './batch';
import { collection, rows } from './query';

const PAGE = 1000;

/** The whole tree. A company has hundreds of departments at most; read in pages of 1,000. */
export async function loadAllDepartments(): Promise<DepartmentDoc[]> {
  const out: DepartmentDoc[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await rows<DepartmentDoc>(
      collection('departments').orderBy('_id', 'asc').skip(skip).limit(PAGE),
    );
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

export const addDepartments = (docs: DepartmentDoc[]): Promise<void> => addMany('departments', docs);
