// Cloud function `messages`. Actions arrive with their issues.
import { createMain } from '../core/handler';

export const actions = {};

export const main = createMain('messages', actions);
