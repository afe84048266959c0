// Cloud function `directory`: identity, binding and the address book.
import { createMain } from '../core/handler';
import { bind } from './actions/bind';
import { bindByPhone } from './actions/bindByPhone';
import { departments } from './actions/departments';
import { me } from './actions/me';
import { members } from './actions/members';
import { profile } from './actions/profile';
import { subscribe } from './actions/subscribe';

export const actions = { me, bind, bindByPhone, departments, members, profile, subscribe };

export const main = createMain('directory', actions);
