// Plain words for ajv's errors. ajv is asked for no messages (they would be its own, and bigger);
// each error is worded here from its keyword and parameters, with what its schema node says when
// the keyword alone cannot: x-message (the whole message), x-expected (what a value must be), the
// keys an object takes. (The validators are compiled verbose: each error carries its node as
// `parentSchema`.) Messages carry no path: the error's `path` does.

// Numbers as the engine prints them: 1e15, not 1000000000000000.
function number(x) {
  const size = Math.abs(x);
  return size >= 1e6 || (size > 0 && size < 1e-4) ? x.toExponential().replace('e+', 'e') : String(x);
}

function shown(value) {
  if (typeof value === 'number') return number(value);
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

const TYPE_WORDS = { number: 'a number', integer: 'a whole number', string: 'a string', object: 'an object',
  array: 'an array', boolean: 'true or false' };

function typeWords(types) {
  const words = String(types).split(',').filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
}

const LIMIT_WORDS = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'above', exclusiveMaximum: 'below' };

// `value`: the data the error is about (for required and additionalProperties, the member's).
export function wording(error, value, aboutKey = false) {
  const schema = error.parentSchema ?? {};
  const node = { m: schema['x-message'], e: schema['x-expected'] };
  const { keyword, params } = error;
  const got = `, got ${shown(value)}`;
  const key = aboutKey ? 'key ' : '';
  switch (keyword) {
    case 'type':
      if (params.type === 'null') return node.m ?? 'is not taken here';
      return `must be ${node.e ?? typeWords(params.type)}${got}`;
    case 'required':
      return node.m ?? 'is required';
    case 'additionalProperties':
      return `is not a field here (known: ${Object.keys(schema.properties ?? {}).join(', ')})`;
    case 'enum': {
      const names = params.allowedValues.filter((v) => v !== null).map(shown);
      return node.m ?? `${key}must be one of ${names.join(', ')}${got}`;
    }
    case 'const':
      return node.m ?? `must be ${shown(params.allowedValue)}${got}`;
    case 'pattern':
      return `${key}must be ${node.e ?? `text matching ${params.pattern}`}${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return node.m ?? `must be ${LIMIT_WORDS[keyword]} ${number(params.limit)}${got}`;
    case 'minItems':
    case 'maxItems':
      return node.m ?? (node.e ? `must be ${node.e}` : `must hold ${keyword === 'minItems' ? 'at least' : 'at most'} ${params.limit} items`);
    case 'not':
      return node.m ?? 'is not taken here';
    default:
      return node.m ?? `does not meet the schema's ${keyword}`;
  }
}
