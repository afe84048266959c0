// A MongoDB server error: numeric code, code name and the server's message (code list:
// https://github.com/mongodb/mongo/blob/master/src/mongo/base/error_codes.yml). The engine throws
// these where MongoDB would; database.ts turns them into CloudBase's error shape.
/** A MongoDB server error: numeric code, code name and the server's message. */
export class MongoError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(message);
  }
}
