// A stand-in for a wallet's signature: the example holds no keys. It is the SHA-256 of the
// request's JSON, so that a test can tell which request was "signed".
export async function placeholderSignature(request) {
  const bytes = new TextEncoder().encode(JSON.stringify(request));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `placeholder-signature:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
