// Before a narrower usage scope is saved, the back office says how many people already in groups
// it leaves out (they keep their groups but can no longer take part). Same matcher as the rule.
import type { Scope, ScopePreview } from '../../../typings/api';
import { scopeMatcher } from '../domain/scope';
import { loadAllDepartments } from '../store/departments';
import { loadRosterSnapshot } from '../store/employees';
import { membershipPairs } from '../store/members';
import { conversationsByIds } from '../store/messages';

const EXAMPLES = 3;

/** Active people outside `scope` who are members of a group that is not dissolved. */
export async function scopePreview(scope: Scope): Promise<ScopePreview> {
  if (scope.mode === 'all') return { outsideCount: 0, examples: [] };
  const [roster, departments] = await Promise.all([loadRosterSnapshot(), loadAllDepartments()]);
  const covers = scopeMatcher(scope, departments);
  const outside = roster.filter((e) => e.status === 'active' && !covers(e));
  if (!outside.length) return { outsideCount: 0, examples: [] };
  const pairs = await membershipPairs(outside.map((e) => e._id));
  const conversations = await conversationsByIds([...new Set(pairs.map((p) => p.conversationId))]);
  const liveGroups = new Set(
    conversations.filter((c) => c.type === 'group' && c.status !== 'dissolved').map((c) => c._id),
  );
  const inGroups = new Set(pairs.filter((p) => liveGroups.has(p.conversationId)).map((p) => p.employeeId));
  const people = outside.filter((e) => inGroups.has(e._id));
  return {
    outsideCount: people.length,
    examples: people.slice(0, EXAMPLES).map((e) => e.name),
  };
}
