// groups.openDirect: the one-to-one chat of two colleagues, got or created.
import { capabilitiesOf } from '../domain/capabilities';
import crypto from 'crypto';
import type { ConversationDetail } from '../../../typings/api';
import { buildConversation } from '../domain/conversation';
import { errors } from '../domain/errors';
import { scopeMatcher } from '../domain/scope';
import { clock } from '../platform/clock';
import { getConversation, getConversationTx, putConversationTx, putMemberTx } from '../store/conversations';
import type { EmployeeDoc } from '../store/documents';
import { getEmployee } from '../store/employees';
import { withTransaction } from '../store/transaction';
import { departmentIndex, toCard } from './cards';
import { newMemberDoc } from './membership';

import { toConversation, loadCompany } from './groupGates';

export const directKeyOf = (a: string, b: string): string => [a, b].sort().join('|');
/** Deterministic id: two racing openDirect calls for the same pair write the same document. */
export const directIdOf = (key: string): string =>
  `d${crypto.createHash('sha256').update(key).digest('hex').slice(0, 31)}`;

export async function doOpenDirect(caller: EmployeeDoc, peerId: string): Promise<ConversationDetail> {
  if (peerId === caller._id)
    throw errors.directWithSelf({
      fields: [{ path: 'employeeId', message: '不能是自己' }],
    });
  const [peer, company] = await Promise.all([getEmployee(peerId), loadCompany()]);
  if (!peer) throw errors.colleagueNotFound();
  const key = directKeyOf(caller._id, peerId);
  const id = directIdOf(key);
  let conv = await getConversation(id);
  if (!conv) {
    if (peer.status !== 'active') throw errors.colleagueDeparted();
    const inScope = scopeMatcher(company.settings.usageScope, company.departments);
    // Both must take part: the caller outside the scope cannot start a chat either.
    if (!inScope(caller)) throw errors.callerOutOfScope();
    if (!inScope(peer)) throw errors.colleagueOutOfScope();
    const now = clock.now();
    const doc = buildConversation(
      { id, type: 'direct', name: '', ownerId: null, creatorId: caller._id, memberCount: 2, directKey: key },
      now,
    );
    conv = await withTransaction(async (tx) => {
      const existing = await getConversationTx(tx, id);
      if (existing) return existing;
      await putConversationTx(tx, doc);
      for (const [i, e] of [caller._id, peerId].entries())
        await putMemberTx(tx, newMemberDoc(id, e, 'member', i + 1, 0, now));
      return doc;
    });
  }
  const departments = departmentIndex(company.departments);
  return {
    ...toConversation(conv),
    ...capabilitiesOf('member', conv),
    name: peer.name,
    myRole: 'member',
    peer: toCard(peer, { departments, showMobile: company.settings.mobileVisible || caller.isAdmin }),
  };
}
