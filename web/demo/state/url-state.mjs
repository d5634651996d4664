// The page state in the URL's hash, so that a link shares a what-if: '#z=' + base64url of the
// JSON deflated with CompressionStream('deflate-raw') where the browser has it, else '#j=' +
// base64url of the JSON itself. Both are read back by any browser that wrote them.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipeThrough(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function deflateAvailable() {
  try {
    new CompressionStream('deflate-raw'); // older engines know only 'gzip' and 'deflate'
    return true;
  } catch {
    return false;
  }
}

export async function encodeState(state) {
  const json = encoder.encode(JSON.stringify(state));
  if (deflateAvailable()) return `z=${toBase64Url(await pipeThrough(json, new CompressionStream('deflate-raw')))}`;
  return `j=${toBase64Url(json)}`;
}

// The state in `hash` ('#z=...' or '#j=...'), or undefined when the hash holds none. A hash that
// looks like state but cannot be read throws, with the reason.
export async function decodeState(hash) {
  const body = hash.replace(/^#/, '');
  if (body === '') return undefined;
  const kind = body.slice(0, 2);
  const payload = body.slice(2);
  if (kind === 'j=') return JSON.parse(decoder.decode(fromBase64Url(payload)));
  if (kind === 'z=') {
    if (typeof DecompressionStream === 'undefined') {
      throw new Error('this link is deflated and this browser has no DecompressionStream');
    }
    return JSON.parse(decoder.decode(await pipeThrough(fromBase64Url(payload), new DecompressionStream('deflate-raw'))));
  }
  throw new Error(`the link's hash starts with '${kind}', not 'z=' or 'j='`);
}
