import crypto from 'crypto';

/** Same look as CloudBase's generated ids (32 hex characters). */
export const newId = (): string => crypto.randomBytes(16).toString('hex');
