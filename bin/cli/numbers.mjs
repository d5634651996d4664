// Numbers for reading, the same on every machine (no locale): thousands separated by commas,
// USD amounts to the cent, ratios as percents to two decimals. null (a ratio with no finite
// value) reads 'n/a'.

function grouped(fixed) {
  const [whole, fraction] = fixed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `${sign}${withCommas}${fraction !== undefined ? `.${fraction}` : ''}`;
  return /^-[0.,]*$/.test(text) ? text.slice(1) : text; // no "-0.00"
}

export function fixed(x, decimals) {
  return x === null ? 'n/a' : grouped(x.toFixed(decimals));
}

// A USD amount: 1234567.891 -> '1,234,567.89'.
export function usd(x) {
  return fixed(x, 2);
}

// A signed USD change: '+1,234.57', '-12.00', '0.00'.
export function usdChange(x) {
  const text = usd(x);
  return x > 0 && text !== '0.00' ? `+${text}` : text;
}

// A fraction as a percent: 0.36871 -> '36.87 %'.
export function percent(fraction) {
  return fraction === null ? 'n/a' : `${fixed(fraction * 100, 2)} %`;
}

// A percent given as such, signed: 24.4705 -> '+24.47 %'.
export function signedPercent(value) {
  const text = fixed(value, 2);
  return `${value > 0 && text !== '0.00' ? '+' : ''}${text} %`;
}

// Sizes and other counts as given (contracts may be fractional).
export function count(x) {
  return Number.isInteger(x) ? grouped(String(x)) : String(x);
}
