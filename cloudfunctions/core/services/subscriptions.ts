// directory.subscribe: the client reports the templates the user just accepted in
// wx.requestSubscribeMessage; each accepted id is one more send WeChat allows (one-time
// subscriptions), so the ledger gains one credit per id. An empty list only reads the ledger
// (the 我 page's 已开启 N 次提醒). Ids this deployment does not use are ignored, so an old client
// after a template change does no harm; a client that lies only earns 43101s, which clear it.
import { clock } from '../platform/clock';
import { messageTemplate } from '../platform/subscribe';
import type { EmployeeDoc } from '../store/documents';
import { creditsOf, grantCredits } from '../store/notifications';

export const subscribeTemplateIds = (): string[] => {
  const t = messageTemplate();
  return t ? [t.id] : [];
};

export async function subscribe(
  caller: EmployeeDoc,
  templateIds: readonly string[],
): Promise<{ credits: Record<string, number> }> {
  const known = subscribeTemplateIds();
  const accepted = [...new Set(templateIds)].filter((id) => known.includes(id));
  const now = clock.now();
  for (const id of accepted) await grantCredits(caller._id, id, 1, now);
  const credits: Record<string, number> = {};
  for (const id of known) credits[id] = (await creditsOf([caller._id], id)).get(caller._id) ?? 0;
  return { credits };
}
