// Timer triggers (定时触发器) of the deployed functions, run by the local cloud on the same
// schedule CloudBase would use: the seven-field cron of each function's trigger in
// core/platform/functions.ts (the one config.json carries). A timer call has no OPENID and its
// result goes to no one; a run still going when the next tick comes is not started twice.
import {
  FUNCTION_SPECS,
  type DeployedFunction,
  type FunctionSpec,
} from '../cloudfunctions/core/platform/functions';
import type { LocalCloud } from './cloud';

const NAMES: Record<string, number> = Object.fromEntries(
  ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
    .map((m, i) => [m, i + 1] as const)
    .concat(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'].map((d, i) => [d, i] as const)),
);

const value = (text: string): number => NAMES[text.toUpperCase()] ?? Number(text);

/** Whether `n` is one of the values a cron field (`*`, `5`, `1-15`, `*\/5`, `1/10`, `1,2,3`) names. */
export function fieldMatches(field: string, n: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi = Infinity;
    if (range === '*') lo = 0;
    else if (range.includes('-')) [lo, hi] = range.split('-').map(value);
    else {
      lo = value(range);
      if (stepText === undefined) hi = lo;
    }
    return n >= lo && n <= hi && (n - lo) % step === 0;
  });
}

/** Whether a seven-field cron (second minute hour day month weekday year) fires at `date`, China time. */
export function cronMatches(cron: string, date: Date): boolean {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 7) throw new Error(`cron needs seven fields: "${cron}"`);
  // CloudBase schedules in Beijing time (UTC+8, no daylight saving).
  const t = new Date(date.getTime() + 8 * 3600 * 1000);
  const now = [
    t.getUTCSeconds(),
    t.getUTCMinutes(),
    t.getUTCHours(),
    t.getUTCDate(),
    t.getUTCMonth() + 1,
    t.getUTCDay(),
    t.getUTCFullYear(),
  ];
  return fields.every((f, i) => fieldMatches(f, now[i]));
}

/** Starts every function's timer trigger; returns a stop function. */
export function startTimers(
  cloud: LocalCloud,
  onResult: (fn: DeployedFunction, outcome: unknown) => void = () => undefined,
): () => void {
  const running = new Set<DeployedFunction>();
  const timers = (Object.entries(FUNCTION_SPECS) as [DeployedFunction, FunctionSpec][]).filter(
    ([, spec]) => spec.trigger,
  );
  const tick = () => {
    const at = new Date();
    for (const [fn, spec] of timers) {
      const trigger = spec.trigger as NonNullable<FunctionSpec['trigger']>;
      if (running.has(fn) || !cronMatches(trigger.config, at)) continue;
      running.add(fn);
      const event = { Type: 'Timer', TriggerName: trigger.name, Time: at.toISOString(), Message: '' };
      cloud
        .invoke(fn, '', event)
        .then(
          (result) => onResult(fn, result),
          (e: unknown) => onResult(fn, e),
        )
        .finally(() => running.delete(fn));
    }
  };
  // Fire on each wall-clock second, like the cron's second field.
  let timer: NodeJS.Timeout;
  const schedule = () => {
    timer = setTimeout(
      () => {
        tick();
        schedule();
      },
      1000 - (Date.now() % 1000),
    );
    timer.unref();
  };
  schedule();
  return () => clearTimeout(timer);
}
