// The wasm's C exports (src/bindings/api_*.cpp) as the functions web/src calls, with the shapes
// they had under Embind: strings go in as UTF-8 in the wasm heap (a block per string, freed after
// the call), each export returns its status code and leaves the rest of its answer in one reply
// block (src/bindings/convert.hpp: ReplyView), read here before the next call.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const GREEKS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho', 'vanna', 'volga', 'charm'];

export function bindExports(m) {
  const reply = m._replyView();
  const word = (i) => m.HEAPU32[(reply >> 2) + i];
  const number = (i) => m.HEAPF64[(reply >> 3) + 4 + i];
  // The reply's text i (0 json, 1 field, 2 message).
  const text = (i) => {
    const length = word(2 * i + 1);
    if (length === 0) return '';
    const start = word(2 * i);
    return decoder.decode(m.HEAPU8.subarray(start, start + length));
  };
  const status = (code) => (code === 0 ? { code, field: '', message: '' } : { code, field: text(1), message: text(2) });
  // Calls export fn with each string argument as (address, length).
  const call = (fn, args) => {
    const wired = [];
    const blocks = [];
    try {
      for (const arg of args) {
        if (typeof arg !== 'string') {
          wired.push(arg);
          continue;
        }
        const bytes = encoder.encode(arg);
        const block = m._malloc(bytes.length || 1);
        blocks.push(block);
        m.HEAPU8.set(bytes, block); // read after malloc: growing the heap replaces the buffer
        wired.push(block, bytes.length);
      }
      return fn(...wired);
    } finally {
      for (const block of blocks) m._free(block);
    }
  };
  const jsonAnswer = (fn) => (...args) => {
    const code = call(fn, args);
    return { status: status(code), json: code === 0 ? text(0) : '' };
  };
  const textAnswer = (fn) => (...args) => {
    call(fn, args);
    return text(0);
  };
  return {
    // The heap's views, as the module has them now (growing the heap replaces them).
    get HEAP8() { return m.HEAP8; },
    get HEAP32() { return m.HEAP32; },
    get HEAPF64() { return m.HEAPF64; },
    _malloc: m._malloc,
    _free: m._free,
    _errorCodeName: textAnswer(m._errorCodeName),
    _errorCodeCount: m._errorCodeCount,
    _names: textAnswer(m._names),
    _enumValues: textAnswer(m._enumValues),
    _maxNestingDepth: m._maxNestingDepth,
    _maxDocumentBytes: m._maxDocumentBytes,
    _accountRisk: jsonAnswer(m._accountRisk),
    _instrument: jsonAnswer(m._instrument),
    _preview: jsonAnswer(m._preview),
    _stress: jsonAnswer(m._stress),
    _preparedRisk: jsonAnswer(m._preparedRisk),
    _preparedPreview: jsonAnswer(m._preparedPreview),
    _preparedStress: jsonAnswer(m._preparedStress),
    _derivePm2: jsonAnswer(m._derivePm2),
    _preparedDelete: m._preparedDelete,
    _prepare: (...args) => {
      const code = call(m._prepare, args);
      return { status: status(code), handle: m.HEAP32[(reply >> 2) + 6], bytes: number(0) };
    },
    _price: (...args) => {
      const code = m._price(...args);
      const greeks = {};
      for (let i = 0; i < GREEKS.length; i += 1) greeks[GREEKS[i]] = number(i);
      return { status: status(code), greeks };
    },
    _impliedVol: (...args) => {
      const code = m._impliedVol(...args);
      return { status: status(code), vol: number(0) };
    },
    _priceBatch: m._priceBatch,
  };
}
