// The deployed cloud functions and how CloudBase runs them: the one place their timeouts and
// timer triggers are decided. scripts/build.ts writes each function's config.json from here, the
// README's deploy steps copy the timeout into the console, the local cloud kills a call at the
// same timeout and runs the same trigger schedule, and long work sizes its steps from it.

export interface TimerTrigger {
  /** Letters, digits, - and _, starting with a letter, at most 60 characters (CloudBase's rule). */
  name: string;
  type: 'timer';
  /** Seven-field cron: second minute hour day month weekday year. */
  config: string;
}

export interface FunctionSpec {
  /** Execution timeout in seconds (CloudBase: 3 by default, 1–60 in our deploy steps). */
  timeout: number;
  /** CloudBase accepts one trigger per function. */
  trigger?: TimerTrigger;
}

export const FUNCTION_SPECS = {
  directory: { timeout: 10 },
  groups: { timeout: 20 },
  messages: { timeout: 20 },
  admin: { timeout: 60 },
  // Repair after crashes and timeouts (core/services/maintenance.ts), every 5 minutes.
  maintenance: {
    timeout: 60,
    trigger: { name: 'repairEvery5Minutes', type: 'timer', config: '0 */5 * * * * *' },
  },
  // Subscription messages for unread direct messages, @ and announcements
  // (core/services/notifier.ts), every minute: members get about a minute to read first.
  notify: {
    timeout: 60,
    trigger: { name: 'notifyEveryMinute', type: 'timer', config: '0 * * * * * *' },
  },
} as const satisfies Record<string, FunctionSpec>;

export type DeployedFunction = keyof typeof FUNCTION_SPECS;

export const DEPLOYED_FUNCTIONS = Object.keys(FUNCTION_SPECS) as DeployedFunction[];

export const timeoutMs = (fn: DeployedFunction): number => FUNCTION_SPECS[fn].timeout * 1000;

/**
 * Wall time one step of long work may take in a function: half its timeout, so a slow database
 * (or a cold instance) still leaves room to record progress before the platform kills the call.
 */
export const stepBudgetMs = (fn: DeployedFunction): number => timeoutMs(fn) / 2;

/**
 * Work recorded longer ago than this cannot belong to a live call any more (every call is dead
 * past its function's timeout): the repair may finish or roll it back without racing anyone.
 */
export const ABANDONED_AFTER_MS =
  Math.max(...Object.values(FUNCTION_SPECS).map((f) => f.timeout)) * 1000 + 60_000;
