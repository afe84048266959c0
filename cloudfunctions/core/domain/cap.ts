// The member cap: the one function that decides whether a group may hold more people.
// Every path that adds members (create, addMembers, syncDepartments) calls checkCap with the
// count it is about to reserve, inside the transaction that reserves it (services/membership.ts).
import { errors } from './errors';

/** WeChat groups stop at 500; Tongshi's product limit is 1,000, configurable downward only. */
export const MAX_GROUP_MEMBERS = 1000;

/** The cap in force: the admin setting, never above the product limit and never below 1. */
export function effectiveCap(memberCap: number | undefined): number {
  const n = Math.floor(memberCap ?? MAX_GROUP_MEMBERS);
  return Math.min(MAX_GROUP_MEMBERS, Math.max(1, Number.isFinite(n) ? n : MAX_GROUP_MEMBERS));
}

export interface CapDetails {
  cap: number;
  current: number;
  requested: number;
}

/** Throws GROUP_FULL when `current + requested` would exceed the cap. */
export function checkCap(memberCap: number | undefined, current: number, requested: number): void {
  const cap = effectiveCap(memberCap);
  if (current + requested > cap) {
    const details: CapDetails = { cap, current, requested };
    throw errors.groupFull(details);
  }
}
