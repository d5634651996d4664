// The option priced in the browser and in the route handler: an at-the-money BTC call on the future.
export const OPTION = { type: 'call', model: 'black76', underlying: 50000, strike: 50000, t: 0.25, vol: 0.6 };
