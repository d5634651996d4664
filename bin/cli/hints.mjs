// One-line hints: what each input should hold, and how to put common mistakes right.

export const STRESS_SYNTAX = "a move is UNDERLYING:spot=-20%,vol=+30%[,volRelative=-10%][,days=7] (or days=7 alone); "
  + "give several with ';' or --stress again";

// What a document of each kind is, after the API's types in marginkit.d.ts.
export const DOCUMENT_HINTS = {
  account: 'the account file holds one AccountInput: { "mode"?, "collateral"?, "positions"? } (marginkit.d.ts in the package)',
  market: 'the market file holds one MarketInput: { "time", "underlyings", "markPrices"?, "collateralPrices"? } (marginkit.d.ts)',
  orders: 'the order file holds one OrderInput { "instrument", "side", "size", "price"?, ... } or an array of them (marginkit.d.ts)',
  config: 'see `marginkit check --help` for --profile and --portfolio-model',
  move: STRESS_SYNTAX,
};

export function helpHint(command) {
  return `run \`marginkit ${command ?? ''}${command ? ' ' : ''}--help\` for the commands and flags`;
}
