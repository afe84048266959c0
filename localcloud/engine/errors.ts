import crypto from 'crypto';

// The service answers failures with { code, message, requestId }; wx-server-sdk maps `code`
// through TCB_ERR_CODE to the numeric errCode apps see (-502005, -501007, …).
export interface WireError {
  code: string;
  message: string;
  requestId: string;
}

export const requestId = (): string => crypto.randomBytes(8).toString('hex');

const make = (code: string, message: string): WireError => ({ code, message, requestId: requestId() });

export const wireErrors = {
  collectionMissing: () =>
    make(
      'DATABASE_COLLECTION_NOT_EXIST',
      '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
    ),
  collectionExists: () => make('DATABASE_REQUEST_FAILED', '[ResourceExist] Table exist.'),
  conflict: () => make('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict'),
  invalid: (message: string) => make('INVALID_PARAM', message),
  failed: (message: string) => make('DATABASE_REQUEST_FAILED', message),
  duplicateKey: (coll: string, id: unknown) =>
    make(
      'DATABASE_REQUEST_FAILED',
      `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
    ),
  /**
   * A MongoDB server error (code 28 PathNotViable, 40 ConflictingUpdateOperators, …). How
   * CloudBase words these is undocumented; the code, its name and MongoDB's own message are kept
   * so callers (and tests) can tell them apart, under the request-failed code (-502001).
   */
  mongo: (e: { code: number; codeName: string; message: string }) =>
    make('DATABASE_REQUEST_FAILED', `[${e.codeName}] ${e.message} (code ${e.code})`),
};

export class WireFailure extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}
