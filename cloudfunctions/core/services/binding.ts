// Binding a WeChat identity (OPENID) to a roster entry, by invite code or by the phone number
// WeChat vouches for.
//
// One openid ↔ one employee, also under races: one transaction reads the binding document
// keyed by the openid and the employee document, then creates the first and sets the second's
// `openid`. Two openids racing for one employee both write that employee → one conflicts,
// retries and finds it bound. One openid racing for two employees both create the same binding
// id → one conflicts (or hits the duplicate key) and is refused.
import type { EmployeeDoc } from '../store/documents';
import { errors } from '../domain/errors';
import { normalizeInviteCode } from '../domain/invite';
import { clock } from '../platform/clock';
import { cloud } from '../platform/cloud';
import { recordAudit } from '../store/audit';
import { addBindingTx, deleteBindingTx, getBindingTx, isDuplicateKey, putBindingTx } from '../store/bindings';
import {
  findActiveEmployeeByMobile,
  findDepartedEmployeeByMobile,
  findEmployeeByInviteCode,
  getEmployeeTx,
  updateEmployeeTx,
} from '../store/employees';
import { withTransaction } from '../store/transaction';

/** Pure check of an invite against the entry it names. */
export function checkInvite(
  e: Pick<EmployeeDoc, 'status' | 'openid' | 'inviteCode' | 'inviteExpiresAt' | 'inviteUsedAt'>,
  code: string,
  now: number,
): void {
  if (e.inviteCode !== code) throw errors.inviteInvalid();
  if (e.status !== 'active') throw errors.inviteInvalid();
  if (e.inviteUsedAt || e.openid) throw errors.inviteUsed();
  if (e.inviteExpiresAt !== null && e.inviteExpiresAt <= now) throw errors.inviteExpired();
}

type Via = 'invite' | 'phone';

async function doBind(
  openid: string,
  employeeId: string,
  via: Via,
  check: (e: EmployeeDoc, now: number) => void,
): Promise<EmployeeDoc> {
  try {
    return await withTransaction(async (tx) => {
      const now = clock.now();
      const existing = await getBindingTx(tx, openid);
      if (existing) {
        const holder = await getEmployeeTx(tx, existing.employeeId);
        // A stale binding of someone who has since departed does not block a new one.
        if (holder && holder.status === 'active' && holder.openid === openid)
          throw errors.openidBound({ employeeId: holder._id });
        await deleteBindingTx(tx, openid);
      }
      const e = await getEmployeeTx(tx, employeeId);
      if (!e) throw via === 'invite' ? errors.inviteInvalid() : errors.phoneNotOnRosterArg();
      check(e, now);
      if (e.openid) throw errors.employeeBound();
      const patch = {
        openid,
        rosterStatus: 'active' as const,
        updatedAt: now,
        ...(via === 'invite' ? { inviteUsedAt: now } : {}),
      };
      const binding = { _id: openid, employeeId, boundAt: now, via };
      await (existing ? putBindingTx(tx, binding) : addBindingTx(tx, binding));
      await updateEmployeeTx(tx, e._id, patch);
      await recordAudit(
        {
          actorId: e._id,
          actorName: e.name,
          action: 'employee.bind',
          targetType: 'employee',
          targetId: e._id,
          details: { via },
          at: now,
        },
        tx,
      );
      return { ...e, ...patch };
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw errors.openidBound();
    throw e;
  }
}

export async function doBindByInvite(openid: string, rawCode: string): Promise<EmployeeDoc> {
  const code = normalizeInviteCode(rawCode);
  const e = await findEmployeeByInviteCode(code);
  if (!e) throw errors.inviteInvalid();
  return doBind(openid, e._id, 'invite', (fresh, now) => checkInvite(fresh, code, now));
}

/** WeChat's phone-number authorization: the code is exchanged server-side, never trusted as a number. */
export async function resolvePhoneCode(phoneCode: string): Promise<string> {
  try {
    const res = (await cloud.openapi.phonenumber.getPhoneNumber({ code: phoneCode })) as {
      phoneInfo?: { purePhoneNumber?: string };
    };
    const mobile = res?.phoneInfo?.purePhoneNumber;
    if (!mobile) throw new Error('no phone number');
    return mobile;
  } catch {
    throw errors.phoneCodeExpired();
  }
}

export async function doBindByPhone(openid: string, phoneCode: string): Promise<EmployeeDoc> {
  const mobile = await resolvePhoneCode(phoneCode);
  const e = await findActiveEmployeeByMobile(mobile);
  if (!e) {
    // Someone who has left is told so, not that the company never knew their number.
    if (await findDepartedEmployeeByMobile(mobile)) throw errors.phoneDeparted();
    throw errors.phoneNotOnRoster();
  }
  return doBind(openid, e._id, 'phone', (fresh) => {
    if (fresh.status !== 'active' || fresh.mobile !== mobile) throw errors.phoneNotOnRoster();
  });
}
