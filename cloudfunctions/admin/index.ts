// Cloud function `admin`: the back office. Every action is admin-only except `bootstrap`.
import { createMain } from '../core/handler';
import { bootstrap } from './actions/bootstrap';

export const actions = { bootstrap };

export const main = createMain('admin', actions);
