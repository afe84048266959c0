// A group created without a name is called after its first members: "张伟、李娜、王强…".
export const MAX_GROUP_NAME = 32;
const NAMES_SHOWN = 3;

export function defaultGroupName(memberNames: readonly string[]): string {
  const shown = memberNames.slice(0, NAMES_SHOWN).join('、');
  const name = memberNames.length > NAMES_SHOWN ? `${shown}…` : shown;
  return name.length > MAX_GROUP_NAME ? `${name.slice(0, MAX_GROUP_NAME - 1)}…` : name || '群聊';
}
