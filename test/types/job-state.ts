// Job state is typed per kind (domain/jobs.ts): `npm run typecheck` refuses a step that writes
// a field its kind does not carry, a kind with state opened without it, or state handed to a kind
// that carries none. Checked by `npm run typecheck` only (nothing here runs): every expected
// error below is a refusal, and one that is no longer raised fails the typecheck too.
import { jobProgress, openJob, type JobDoc } from '../../cloudfunctions/core/services/jobs';

const startedBy = { id: 'e1', name: '张伟' };

export async function typeChecks(importJob: JobDoc<'import'>, reorgJob: JobDoc<'reorg'>): Promise<void> {
  await jobProgress(importJob, 1, { state: { marked: 1 } });
  // @ts-expect-error an import's state has no groupIds
  await jobProgress(importJob, 1, { state: { groupIds: [] } });
  await jobProgress(reorgJob, 1, { state: { groupIds: ['g1'] } });
  // @ts-expect-error a reorg's groupIds are ids
  await jobProgress(reorgJob, 1, { state: { groupIds: [1] } });
  // @ts-expect-error an import starts with its whole state
  await openJob({ kind: 'import', subject: 's', title: 't', total: 1, unit: '人', startedBy });
  await openJob({
    kind: 'offboard',
    subject: 'e1',
    title: 't',
    total: 0,
    unit: '个群',
    startedBy,
    // @ts-expect-error an offboarding carries no state
    state: { left: [] },
  });
  const reorg = await openJob({
    kind: 'reorg',
    subject: 'k',
    title: 't',
    total: 0,
    unit: '个群',
    startedBy,
    state: { departmentIds: ['d1'] },
  });
  const ids: string[] = reorg.state.departmentIds;
  void ids;
}
