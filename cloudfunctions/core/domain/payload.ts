// The first check of every request, before the caller's identity costs a database read and before
// any recursive walk: how deep and how big the payload is. One iterative pass with an explicit
// stack that stops at the first limit crossed, so a 40 KB body nested 6,000 levels (which once
// stalled every caller while a recursive check copied its path at each level) costs a few
// thousand steps and answers INVALID_ARGUMENT.
//
// Limits, with room above every legitimate payload: the deepest is importRoster's rows
// (event → rows → row → cell: depth 3); the largest is 10,000 roster rows of ~7 cells.
export const MAX_PAYLOAD_DEPTH = 8;
export const MAX_PAYLOAD_NODES = 200_000;
/** Characters of all keys and strings together (a 2,000-character text is 2,000). */
export const MAX_PAYLOAD_CHARS = 4_000_000;

export type PayloadProblem =
  { limit: 'depth'; max: number } | { limit: 'nodes'; max: number } | { limit: 'chars'; max: number };

export function payloadProblem(event: unknown): PayloadProblem | null {
  const stack: [unknown, number][] = [[event, 0]];
  let nodes = 0;
  let chars = 0;
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (++nodes > MAX_PAYLOAD_NODES) return { limit: 'nodes', max: MAX_PAYLOAD_NODES };
    if (typeof value === 'string') {
      chars += value.length;
      if (chars > MAX_PAYLOAD_CHARS) return { limit: 'chars', max: MAX_PAYLOAD_CHARS };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_PAYLOAD_DEPTH) return { limit: 'depth', max: MAX_PAYLOAD_DEPTH };
    if (Array.isArray(value)) {
      for (const v of value) stack.push([v, depth + 1]);
      continue;
    }
    for (const key of Object.keys(value)) {
      chars += key.length;
      if (chars > MAX_PAYLOAD_CHARS) return { limit: 'chars', max: MAX_PAYLOAD_CHARS };
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}
