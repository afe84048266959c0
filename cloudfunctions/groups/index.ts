// Cloud function `groups`. Actions arrive with their issues.
import { createMain } from '../core/handler';
import { list } from './actions/list';
import { create } from './actions/create';
import { createOptions } from './actions/createOptions';
import { openDirect } from './actions/openDirect';
import { detail } from './actions/detail';
import { members } from './actions/members';
import { addMembers } from './actions/addMembers';
import { removeMembers } from './actions/removeMembers';
import { leave } from './actions/leave';
import { transferOwner } from './actions/transferOwner';
import { setAdmins } from './actions/setAdmins';
import { update } from './actions/update';
import { syncDepartments } from './actions/syncDepartments';
import { dissolve } from './actions/dissolve';
import { setPrefs } from './actions/setPrefs';
import { search } from './actions/search';

export const actions = {
  list,
  create,
  createOptions,
  openDirect,
  detail,
  members,
  addMembers,
  removeMembers,
  leave,
  transferOwner,
  setAdmins,
  update,
  syncDepartments,
  dissolve,
  setPrefs,
  search,
};

export const main = createMain('groups', actions);
