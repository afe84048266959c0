import { z } from 'zod';
import { MAX_GROUP_NAME } from '../../core/domain/groupName';
import { pickedPeopleSchema, visibleTextSchema } from '../../core/domain/validation';
import { action } from '../../core/handler';
import { doCreateGroup } from '../../core/services/groupCreate';

export const create = action({
  access: 'employee',
  schema: pickedPeopleSchema({
    name: visibleTextSchema(MAX_GROUP_NAME, { allowEmpty: true }).optional(),
    // The group follows its departments by itself (needs departmentIds).
    autoSync: z.boolean().optional(),
  }),
  async run({ caller, openid }, params) {
    const { conversation, skipped } = await doCreateGroup(caller, openid, params);
    return { conversation, skipped };
  },
});
