// Invite codes: one use, case-insensitive, valid for 30 days from issue.
import crypto from 'crypto';

export const INVITE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// No 0/O/1/I/L: codes are read aloud and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 8;

export function newInviteCode(): string {
  const bytes = crypto.randomBytes(INVITE_LENGTH);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** Codes are stored upper-case; users may type them any way. */
export const normalizeInviteCode = (code: string): string => code.trim().toUpperCase();
