// Tests import mini program modules (pages' pure helpers, services) under the Node tsconfig, which
// cannot load miniprogram-api-typings (its globals clash with Node's). Those modules are checked
// with their real types by miniprogram/tsconfig.json; here `wx` only needs to exist.
/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above */
declare const wx: any;
/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above */
declare function getCurrentPages(): any[];
