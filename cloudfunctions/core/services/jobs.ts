// Jobs: long work done in steps that each fit well inside a function's timeout (an offboarding
// from hundreds of groups, an import's departures, purging a huge group, exporting a huge
// history, a reorganisation). The job document records progress (steps done out of total), the
// last error and who started it; the admin pages show running and failed jobs, and the repair
// run (services/maintenance.ts) continues jobs whose call died. The work itself stays where it
// was — each kind keeps its own resumable logic; a job is its progress record, written once per
// step (not per item), so it costs one request per step.
//
// Usage, for a kind of work K about subject S:
//   const job = await openJob({ kind: 'K', subject: S, title, total, unit, startedBy, state });
//   … one step of work …  await jobProgress(job, done, { total, state });
// `state` is typed per kind (domain/jobs.ts): an import's step reads and writes ImportJobState.
//   await finishJob(job._id)        // or: await inJob(job._id, () => step()) to record failures
import type { Job, JobKind } from '../../../typings/api';
import type { JobState, NoState } from '../domain/jobs';
import { clock } from '../platform/clock';
import { ABANDONED_AFTER_MS } from '../platform/functions';
import { getJob, jobsByStatus, jobsDoneSince, patchJob, putJob, type JobDoc } from '../store/jobs';

export type { JobDoc };

export type JobSpec<K extends JobKind> = {
  kind: K;
  /** What the work is about (employee, conversation, request key): one job per kind and subject. */
  subject: string;
  title: string;
  targetId?: string | null;
  total: number;
  unit: string;
  startedBy: { id: string; name: string };
  // A kind that carries state starts with all of it; one that carries none is given none.
} & (JobState<K> extends NoState ? { state?: undefined } : { state: JobState<K> });

export const jobId = (kind: JobKind, subject: string): string => `${kind}_${subject}`;

/** The job of this kind about `subject`, typed by its kind. */
export async function findJob<K extends JobKind>(kind: K, subject: string): Promise<JobDoc<K> | null> {
  const doc = await getJob(jobId(kind, subject));
  return doc?.kind === kind ? (doc as JobDoc<K>) : null;
}

/**
 * The job for this kind and subject: the unfinished one a killed or failed call left (marked
 * running again, its progress kept), or a new one. A finished job of the same subject is
 * replaced: the same person offboarded again after a rehire is new work.
 */
export async function openJob<K extends JobKind>(spec: JobSpec<K>): Promise<JobDoc<K>> {
  const id = jobId(spec.kind, spec.subject);
  const now = clock.now();
  const found = await findJob(spec.kind, spec.subject);
  if (found && found.status !== 'done') {
    if (found.status === 'failed') {
      await patchJob(id, { status: 'running', updatedAt: now });
      return { ...found, status: 'running', updatedAt: now };
    }
    return found;
  }
  // TypeScript cannot pair a generic kind with its state in the mapped union; JobSpec<K> did.
  const doc = {
    _id: id,
    kind: spec.kind,
    status: 'running',
    title: spec.title,
    targetId: spec.targetId ?? null,
    done: 0,
    total: spec.total,
    unit: spec.unit,
    lastError: null,
    startedBy: spec.startedBy,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    state: spec.state ?? {},
  } as JobDoc<K>;
  await putJob(doc);
  return doc;
}

/**
 * After a step: how much is done, and when they changed the total and the continuation state's
 * fields (`state` is merged field by field: a large field written at the start need not be
 * written again by every step).
 */
export async function jobProgress<K extends JobKind>(
  job: JobDoc<K>,
  done: number,
  extra: { total?: number; state?: Partial<JobState<K>> } = {},
): Promise<void> {
  const { state, ...rest } = extra;
  // A step that went through: a job an earlier step left failed is running again.
  await patchJob(
    job._id,
    { done, ...rest, status: 'running', lastError: null, updatedAt: clock.now() },
    state,
  );
}

/** Done; `done` (when given) is also the final total. */
export async function finishJob(id: string, done?: number): Promise<void> {
  const now = clock.now();
  await patchJob(id, {
    status: 'done',
    ...(done !== undefined ? { done, total: done } : {}),
    lastError: null,
    updatedAt: now,
    finishedAt: now,
  });
}

/** Short enough for a list row; never a stack trace. */
const errorText = (e: unknown): string => String((e as Error)?.message ?? e).slice(0, 200);

export async function failJob(id: string, error: unknown): Promise<void> {
  await patchJob(id, { status: 'failed', lastError: errorText(error), updatedAt: clock.now() });
}

/**
 * Runs one step of a job; a step that throws marks the job failed with its error (best effort:
 * the database may be what failed) and rethrows.
 */
export async function inJob<T>(id: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    await failJob(id, e).catch(() => undefined);
    throw e;
  }
}

export function toJob(doc: JobDoc, now: number): Job {
  return {
    id: doc._id,
    kind: doc.kind,
    status: doc.status,
    title: doc.title,
    done: doc.done,
    total: doc.total,
    unit: doc.unit,
    lastError: doc.lastError,
    stalled: doc.status === 'running' && now - doc.updatedAt > ABANDONED_AFTER_MS,
    startedBy: doc.startedBy,
    startedAt: doc.startedAt,
    updatedAt: doc.updatedAt,
    finishedAt: doc.finishedAt,
  };
}

const RECENT_MS = 24 * 3600 * 1000;

/** For the admin pages: running and failed jobs, then those finished in the last day. */
export async function listJobs(limit = 30): Promise<Job[]> {
  const now = clock.now();
  const [open, done] = await Promise.all([
    jobsByStatus(['running', 'failed'], limit),
    jobsDoneSince(now - RECENT_MS, limit),
  ]);
  return [...open, ...done].slice(0, limit).map((d) => toJob(d, now));
}
