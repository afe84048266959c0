// Unsent text per chat, kept on the phone (as WeChat keeps drafts): the chat page saves it when
// left and restores it when opened again; the 消息 list shows "[草稿] …" for it.
const KEY = 'chatDrafts';

export function allDrafts(): Record<string, string> {
  try {
    const v = wx.getStorageSync(KEY) as Record<string, string> | '';
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function draftOf(conversationId: string): string {
  return allDrafts()[conversationId] ?? '';
}

/** Saves the draft, or removes it when the text is blank. */
export function saveDraft(conversationId: string, text: string): void {
  const drafts = allDrafts();
  if (text.trim()) drafts[conversationId] = text;
  else if (conversationId in drafts) delete drafts[conversationId];
  else return;
  try {
    wx.setStorageSync(KEY, drafts);
  } catch {
    // Storage full or unavailable: the draft is simply not kept.
  }
}
