// marginkit/validate: the package's JSON Schemas (marginkit/schemas/*.schema.json) as validators
// compiled at build time. Hand-written declarations.

/** The API's document kinds, each with its schema file marginkit/schemas/<kind>.schema.json:
 *  'account', 'market', 'orders' (one order or a list), 'config', 'preview-options'
 *  (prepared.preview's options) and 'stress-moves' (mk.stress's moves). (The package's other
 *  schemas, profile and portfolio-model, describe the repository's data files, for editors.) */
export type DocumentKind =
  | 'account'
  | 'market'
  | 'orders'
  | 'config'
  | 'preview-options'
  | 'stress-moves';

export interface ValidationProblem {
  /** Where, in the engine's path style: the document's name ('account', 'market', 'orders',
   *  'config', 'options', 'moves'), then .key and [index]:
   *  'account.positions[2].size', 'market.underlyings.BTC.forwards.27DEC26'. One order or one
   *  move is orders[0] / moves[0], as in the engine's errors. */
  path: string;
  /** What was expected, in plain English: 'must be at most 1e15, got 2e15'. */
  message: string;
}

/** Every kind validate() takes. */
export declare const kinds: readonly DocumentKind[];
/** The engine's document limits (mk.limits), which validate() applies too: nesting depth and
 *  JSON size (in UTF-16 units here; the engine counts UTF-8 bytes and checks again). */
export declare const limits: Readonly<{ maxNestingDepth: number; maxDocumentBytes: number }>;

/**
 * Checks one document against its kind's schema, as the engine would read it (the value is
 * taken as JSON, as the engine takes it: NaN, a BigInt, a Map or a cycle is a problem with its
 * path). Returns [] when the document meets the schema, else every problem found. The schemas
 * see one document at a time: what depends on another (an instrument expired at market.time,
 * market data an account needs, isolatedMargin on an order of a cross account) and a few rules
 * no schema can state (listed in each schema's description) are left to the engine.
 * config and preview-options may be undefined (not given), as in the API.
 * @throws TypeError for an unknown kind.
 * @example validate('account', { positions: [{ instrument: 'BTC-PERPETUAL', size: 1e16, entryPrice: 98000 }] })
 *   // [{ path: 'account.positions[0].size', message: 'must be at most 1e15, got 1e16' }]
 */
export declare function validate(kind: DocumentKind, value: unknown): ValidationProblem[];
