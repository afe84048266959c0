// Cloud storage from the mini program; pages go through here instead of wx.cloud directly.
// Uploads go to chat/<conversationId>/<my employee id>/<random>.<ext> or
// roster/<my employee id>/<random>.csv|xlsx: the only shapes the storage rule lets a client write
// (storage-rules/storage.json), and the only ones messages.send / admin.importRoster accept
// (cloudfunctions/core/domain/files.ts). No user text goes into a path: the file name travels in
// the send and is checked like any text. Files are never read from storage directly (the rule
// refuses client reads): messages.fileUrls hands out links valid for 30 minutes.
import { call } from './cloud';

/** Uploads a picked file and returns its fileID. `folder` is the storage prefix (chat/<id>/<me>, roster/<me>). */
export async function uploadFile(folder: string, name: string, filePath: string): Promise<string> {
  const up = await wx.cloud.uploadFile({ cloudPath: `${folder}/${name}`, filePath });
  return up.fileID;
}

/** Downloads a temp link to a temporary path (for wx.openDocument); the domain must be a downloadFile 合法域名. */
export function downloadUrl(url: string): Promise<string> {
  return new Promise((resolve, reject) =>
    wx.downloadFile({ url, success: (r: { tempFilePath: string }) => resolve(r.tempFilePath), fail: reject }),
  );
}

const randomHex = (n: number): string =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
  return m ? m[1].toLowerCase() : '';
}

/** The stored name of an upload: random, keeping only the extension of the picked file's name. */
export function storedName(fileName: string): string {
  const ext = extensionOf(fileName);
  return `${randomHex(24)}${ext ? `.${ext}` : ''}`;
}

interface Link {
  url: string;
  expiresAt: number;
}

/** A minute of slack so a link is not handed to an <image> just before it dies. */
const SLACK_MS = 60_000;
const BATCH = 50;

/** Links of one conversation's messages, fetched in batches and renewed when they expire. */
export class FileLinks {
  private readonly links = new Map<string, Link>();
  private readonly asked = new Set<string>();
  /** Ids the server gave no link for (not downloadable by me): not asked again on every render. */
  private readonly refused = new Set<string>();

  constructor(private readonly conversationId: string) {}

  url(messageId: string, now = Date.now()): string {
    const l = this.links.get(messageId);
    return l && l.expiresAt - SLACK_MS > now ? l.url : '';
  }

  /** Fetches links for ids without a live one; true when something new arrived. */
  async fetch(messageIds: string[], now = Date.now()): Promise<boolean> {
    const wanted = [...new Set(messageIds)].filter(
      (id) => !this.url(id, now) && !this.asked.has(id) && !this.refused.has(id),
    );
    if (!wanted.length) return false;
    for (const id of wanted) this.asked.add(id);
    let got = false;
    try {
      for (let i = 0; i < wanted.length; i += BATCH) {
        const { items } = await call('messages', 'fileUrls', {
          conversationId: this.conversationId,
          messageIds: wanted.slice(i, i + BATCH),
        });
        for (const it of items)
          this.links.set(it.messageId, { url: it.tempFileURL, expiresAt: it.expiresAt });
        const answered = new Set(items.map((it) => it.messageId));
        for (const id of wanted.slice(i, i + BATCH)) if (!answered.has(id)) this.refused.add(id);
        got = got || items.length > 0;
      }
    } finally {
      // Asked once per live link: an expired one may be asked for again.
      for (const id of wanted) this.asked.delete(id);
    }
    return got;
  }

  /** One link now (for a tap on a file or image); '' when the file is not available. */
  async one(messageId: string): Promise<string> {
    await this.fetch([messageId]);
    return this.url(messageId);
  }
}
