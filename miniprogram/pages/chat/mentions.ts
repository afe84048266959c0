// The @ picker's model: the group's members paged in 100 at a time, searched on the phone by name
// or pinyin initials (directory.members would search the whole company), and who was picked for
// the message being typed. A plain class; the page renders `rows()` through the mention-picker
// component.
import type { GroupMember } from '../../../typings/api';
import { call } from '../../services/cloud';

export interface PickRow {
  id: string;
  name: string;
  sub: string;
}

/** The picker's fake member: @所有人 (offered only when the server says the caller may). */
export const ALL: PickRow = { id: 'all', name: '所有人', sub: '' };

export type MembersPage = (
  cursor: string | null,
) => Promise<{ items: GroupMember[]; nextCursor: string | null }>;

export const membersPageOf =
  (conversationId: string): MembersPage =>
  (cursor) =>
    call('groups', 'members', { conversationId, limit: 100, ...(cursor ? { cursor } : {}) });

export class MentionPicker {
  members: GroupMember[] = [];
  cursor: string | null = null;
  loaded = false;
  keyword = '';
  private picked: { id: string; name: string }[] = [];
  private all = false;
  /** Paging in every member before a search; shared so fast typing starts it once. */
  private everyone: Promise<void> | null = null;

  constructor(
    private readonly me: string,
    private readonly fetchPage: MembersPage,
  ) {}

  /** The next page of members (100); the caller is left out. */
  async loadPage(): Promise<void> {
    const page = await this.fetchPage(this.cursor);
    this.members.push(...page.items.filter((m) => m.employeeId !== this.me));
    this.cursor = page.nextCursor;
    this.loaded = true;
  }

  get hasMore(): boolean {
    return !!this.cursor;
  }

  /** Search needs every member on the phone: pages in the rest first (once, however fast one types). */
  async loadAll(): Promise<void> {
    this.everyone ??= (async () => {
      while (this.cursor) await this.loadPage();
    })().finally(() => (this.everyone = null));
    await this.everyone;
  }

  /** Members matching the keyword; 所有人 stays on top whatever the keyword when offered. */
  rows(canMentionAll: boolean): PickRow[] {
    const kw = this.keyword.toLowerCase();
    const shown = kw
      ? this.members.filter((m) => m.name.toLowerCase().includes(kw) || (m.nameInitials ?? '').includes(kw))
      : this.members;
    const rows = shown.map((m) => ({ id: m.employeeId, name: m.name, sub: m.position }));
    return canMentionAll ? [ALL, ...rows] : rows;
  }

  pick(id: string, name: string): void {
    if (id === ALL.id) this.all = true;
    else if (!this.picked.some((p) => p.id === id)) this.picked.push({ id, name });
  }

  /** The mentions of a message: those picked whose "@name" is still in the text. */
  mentionsFor(text: string): string[] | 'all' | undefined {
    if (this.all && text.includes(`@${ALL.name}`)) return 'all';
    const ids = this.picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id);
    return ids.length ? ids : undefined;
  }

  /** After a send: the next message starts with nobody picked. */
  clearPicks(): void {
    this.picked = [];
    this.all = false;
  }
}
