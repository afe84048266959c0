// A group created without a name is called after its first members: "张伟、李娜、王强…".
export const MAX_GROUP_NAME = 32;
const NAMES_SHOWN = 3;

/**
 * An automatic name once a member has left: their name goes, the others stay in order
 * ("张伟、李娜、王强…" without 李娜 → "张伟、王强…"); with nobody named any more, "群聊".
 */
export function nameWithout(name: string, leaverName: string): string {
  const more = name.endsWith('…');
  const names = (more ? name.slice(0, -1) : name).split('、');
  if (!names.includes(leaverName)) return name;
  const kept = names.filter((n) => n !== leaverName).join('、');
  return kept ? `${kept}${more ? '…' : ''}` : '群聊';
}

export function defaultGroupName(memberNames: readonly string[]): string {
  const shown = memberNames.slice(0, NAMES_SHOWN).join('、');
  const name = memberNames.length > NAMES_SHOWN ? `${shown}…` : shown;
  return name.length > MAX_GROUP_NAME ? `${name.slice(0, MAX_GROUP_NAME - 1)}…` : name || '群聊';
}

/** An announcement is posted to everyone as a system line; as long as a message at most. */
export const MAX_ANNOUNCEMENT = 2000;
