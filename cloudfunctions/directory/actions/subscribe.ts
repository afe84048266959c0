import { z } from 'zod';
import { action } from '../../core/handler';
import { subscribe as doSubscribe } from '../../core/services/subscriptions';

/** Templates accepted in wx.requestSubscribeMessage (at most 5 per call, as WeChat allows). */
export const subscribe = action({
  access: 'employee',
  schema: z.object({ templateIds: z.array(z.string().trim().min(1).max(128)).max(5) }),
  run: ({ caller }, { templateIds }) => doSubscribe(caller, templateIds),
});
