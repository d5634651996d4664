// The same option priced on the server (node runtime; marginkit is in serverExternalPackages).
import { createMarginKit } from 'marginkit';
import { OPTION } from '../../../option.js';

// One engine per server process, created on first use.
let engine;

export async function GET() {
  engine ??= createMarginKit();
  const mk = await engine;
  return Response.json(mk.price(OPTION));
}
