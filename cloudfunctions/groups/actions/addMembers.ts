import { idSchema, pickedPeopleSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { addToGroup } from '../../core/services/groupMembers';

export const addMembers = action({
  access: 'employee',
  schema: pickedPeopleSchema({ conversationId: idSchema }),
  run: ({ caller }, { conversationId, departmentIds, employeeIds, requestId }) =>
    addToGroup(caller, conversationId, { departmentIds, employeeIds, requestId }),
});
