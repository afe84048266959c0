// Cloud function `directory`: identity, binding and the address book.
import { createMain } from '../core/handler';
import { me } from './actions/me';

export const actions = { me };

export const main = createMain('directory', actions);
