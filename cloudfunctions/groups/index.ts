// Cloud function `groups`. Actions arrive with their issues.
import { createMain } from '../core/handler';
import { list } from './actions/list';

export const actions = { list };

export const main = createMain('groups', actions);
