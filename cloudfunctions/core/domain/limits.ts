// The field lengths the server enforces, handed to the mini program (directory.me) so its inputs
// stop where the server would refuse, without restating the numbers.
import type { InputLimits } from '../../../typings/api';
import { MAX_DEPARTMENT_NAME } from './departmentTree';
import { MAX_ANNOUNCEMENT, MAX_GROUP_NAME } from './groupName';
import { MAX_TEXT_LENGTH } from './message';
import { MAX_PERSON_NAME } from './validation';

export const inputLimits = (): InputLimits => ({
  groupName: MAX_GROUP_NAME,
  announcement: MAX_ANNOUNCEMENT,
  text: MAX_TEXT_LENGTH,
  personName: MAX_PERSON_NAME,
  departmentName: MAX_DEPARTMENT_NAME,
});
