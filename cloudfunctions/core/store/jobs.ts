// Job documents (services/jobs.ts): one per piece of long work, keyed by what it works on so a
// retry of the same action finds its job again.
import type { JobKind, JobStatus } from '../../../typings/api';
import type { JobState } from '../domain/jobs';
import { byId, collection, command, rows, whole } from './query';

/** What every job document holds, whatever its kind. */
interface JobFields {
  /** `${kind}_${subject}`: deterministic, so a retried action continues the same job. */
  _id: string;
  status: JobStatus;
  title: string;
  /** The employee, conversation or file the work is about (null for an import). */
  targetId: string | null;
  done: number;
  total: number;
  unit: string;
  lastError: string | null;
  startedBy: { id: string; name: string };
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/**
 * A job of kind K with that kind's state (domain/jobs.ts: what the next step needs that the
 * database does not already say). `JobDoc` alone is a job of any kind: narrow it on `kind`.
 */
export type JobDoc<K extends JobKind = JobKind> = {
  [k in K]: JobFields & { kind: k; state: JobState<k> };
}[K];

export const getJob = (id: string): Promise<JobDoc | null> => byId<JobDoc>('jobs', id);

export async function putJob<K extends JobKind>(doc: JobDoc<K>): Promise<void> {
  const { _id, ...data } = doc;
  await collection('jobs').doc(_id).set({ data });
}

export type JobPatch = Partial<Omit<JobFields, '_id' | 'startedBy' | 'startedAt'>>;

/** `state` fields are set one by one (the rest of the state stays), each value written whole. */
export async function patchJob(id: string, patch: JobPatch, state: object = {}): Promise<void> {
  const data: Record<string, unknown> = { ...patch };
  for (const [k, v] of Object.entries(state))
    data[`state.${k}`] = v !== null && typeof v === 'object' ? whole(v) : v;
  await collection('jobs').doc(id).update({ data });
}

/** Jobs in these states, most recently touched first. */
export function jobsByStatus(statuses: JobStatus[], limit: number): Promise<JobDoc[]> {
  return rows<JobDoc>(
    collection('jobs')
      .where({ status: command().in(statuses) })
      .orderBy('updatedAt', 'desc')
      .limit(limit),
  );
}

/** Jobs finished since `since`, most recent first. */
export function jobsDoneSince(since: number, limit: number): Promise<JobDoc[]> {
  return rows<JobDoc>(
    collection('jobs')
      .where({ status: 'done', updatedAt: command().gte(since) })
      .orderBy('updatedAt', 'desc')
      .limit(limit),
  );
}

/** Unfinished jobs nobody has touched since `before` (their call died), oldest first. */
export function abandonedJobs(before: number, limit: number): Promise<JobDoc[]> {
  return rows<JobDoc>(
    collection('jobs')
      .where({ status: command().in(['running', 'failed']), updatedAt: command().lt(before) })
      .orderBy('updatedAt', 'asc')
      .limit(limit),
  );
}
