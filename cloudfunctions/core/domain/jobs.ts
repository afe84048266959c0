// What each kind of long work carries from one step to the next (a job document's `state`): only
// what the database does not already say. One map from kind to state type, so a step reads and
// writes its own kind's state with its fields checked, and a kind that carries nothing cannot be
// handed anything.
import type { ImportResult, JobKind } from '../../../typings/api';

/** A roster row marked 离职 and the employee it names. */
export interface Departure {
  row: number;
  employeeId: string;
}

/** An import's departures (services/rosterDepartures.ts). */
export interface ImportJobState {
  /** The answer so far (counts, rejected rows, invite codes): every step returns it. */
  result: ImportResult;
  /** Leavers not finished yet, in row order; the first `marked` are already departed. */
  left: Departure[];
  marked: number;
  /** The audit entry written when the last leaver is out. */
  audit: Record<string, unknown>;
}

/** A reconcile of auto-synced groups after a reorganisation (services/orgSync.ts). */
export interface ReorgState {
  /** Departments whose people changed (old and new); their ancestors are found at run time. */
  departmentIds: string[];
  /** Groups named up front (turning autoSync on names its group). */
  conversationIds?: string[];
  /** The groups to visit, decided by the first step; JobDoc.done of them are done. */
  groupIds?: string[];
  /** 'summary' when turning autoSync on (one line per step); one line per person otherwise. */
  lines?: 'each' | 'summary';
  /** One employee the caller reports on (admin.updateEmployee): their groups before the change. */
  subject?: { employeeId: string; before: string[] };
}

/**
 * Nothing to carry: the database says how far the work is (an offboarding's memberships left, the
 * departments that have their group, a purge's documents left, an export done in one call).
 */
export type NoState = Record<string, never>;

/** Every kind's state. */
export interface JobStates {
  import: ImportJobState;
  reorg: ReorgState;
  offboard: NoState;
  departmentGroups: NoState;
  deleteGroup: NoState;
  export: NoState;
}

/** A kind's state (a new JobKind fails to compile here until JobStates gives it one). */
export type JobState<K extends JobKind> = JobStates[K];
