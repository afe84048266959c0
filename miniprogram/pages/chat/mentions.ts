// The @ picker's model: the group's members paged in 100 at a time; a keyword is searched by the
// server over the whole group (groups.members with `keyword`: name, initials, pinyin), paged the
// same way, so a 1,000-member group is never loaded onto the phone to find one person; and who
// was picked for the message being typed. A plain class; the page renders `rows()` through the
// mention-picker component.
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
  keyword?: string,
) => Promise<{ items: GroupMember[]; nextCursor: string | null }>;

export const membersPageOf =
  (conversationId: string): MembersPage =>
  (cursor, keyword) =>
    call('groups', 'members', {
      conversationId,
      limit: 100,
      ...(cursor ? { cursor } : {}),
      ...(keyword ? { keyword } : {}),
    });

export class MentionPicker {
  members: GroupMember[] = [];
  cursor: string | null = null;
  loaded = false;
  keyword = '';
  /** The server's matches for `keyword`, paged like the members. */
  private found: GroupMember[] = [];
  private foundCursor: string | null = null;
  private picked: { id: string; name: string }[] = [];
  private all = false;

  constructor(
    private readonly me: string,
    private readonly fetchPage: MembersPage,
  ) {}

  /** The next page (100) of the members, or of the matches while a keyword is set; not the caller. */
  async loadPage(): Promise<void> {
    const keyword = this.keyword;
    if (keyword) {
      const page = await this.fetchPage(this.foundCursor, keyword);
      if (keyword !== this.keyword) return; // a newer keyword took over
      this.found.push(...page.items.filter((m) => m.employeeId !== this.me));
      this.foundCursor = page.nextCursor;
      return;
    }
    const page = await this.fetchPage(this.cursor);
    this.members.push(...page.items.filter((m) => m.employeeId !== this.me));
    this.cursor = page.nextCursor;
    this.loaded = true;
  }

  /** Sets the keyword and loads its first page of matches (none to load for an empty one). */
  async search(keyword: string): Promise<void> {
    this.keyword = keyword;
    this.found = [];
    this.foundCursor = null;
    if (keyword) await this.loadPage();
  }

  get hasMore(): boolean {
    return !!(this.keyword ? this.foundCursor : this.cursor);
  }

  /** The members, or the keyword's matches; 所有人 stays on top whatever the keyword when offered. */
  rows(canMentionAll: boolean): PickRow[] {
    const shown = this.keyword ? this.found : this.members;
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
