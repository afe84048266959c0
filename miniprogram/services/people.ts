// Rows of people as the address-book pages render them: only what a row shows, so a page of
// members stays a few KB of setData.
import type { EmployeeCard } from '../../typings/api';

export interface PersonRow {
  id: string;
  name: string;
  avatar: string;
  sub: string;
}

export function personRow(e: EmployeeCard, withDepartment = false): PersonRow {
  const dept = withDepartment && e.departments.length ? e.departments[0].name : '';
  return {
    id: e.id,
    name: e.name,
    avatar: e.avatar ?? '',
    sub: [e.position, dept].filter(Boolean).join(' · '),
  };
}
