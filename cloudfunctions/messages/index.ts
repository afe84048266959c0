// Cloud function `messages`: send, read state, recall, receipts, history and search.
import { createMain } from '../core/handler';
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

export const main = createMain('messages', actions);
