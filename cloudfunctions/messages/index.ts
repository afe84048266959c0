// Cloud function `messages`: send, read state, recall, receipts, history and search.
import { createMain } from '../core/handler';
import { isMediaCheckEvent } from '../core/platform/mediaCheck';
import { onMediaVerdict } from '../core/services/mediaVerdict';
import { fileUrls } from './actions/fileUrls';
import { history } from './actions/history';
import { markRead } from './actions/markRead';
import { recall } from './actions/recall';
import { receipts } from './actions/receipts';
import { receiptCounts } from './actions/receiptCounts';
import { search } from './actions/search';
import { send } from './actions/send';
import { since } from './actions/since';

export const actions = { send, history, since, markRead, recall, receipts, receiptCounts, search, fileUrls };

const handle = createMain('messages', actions);

/**
 * WeChat pushes the image-check verdict (消息推送, event wxa_media_check) to this function; every
 * other event is a client's call. A forged event names no stored trace id and changes nothing.
 */
export async function main(event: unknown): Promise<unknown> {
  if (isMediaCheckEvent(event)) {
    try {
      return { ok: true, data: { outcome: await onMediaVerdict(event) } };
    } catch (e) {
      console.error('[messages] media verdict failed', e);
      throw e; // WeChat retries a failed push
    }
  }
  return handle(event);
}
