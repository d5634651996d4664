// Serves build/demo (scripts/build-demo.mjs) on localhost: port from PORT, else 8080 (PORT=0:
// any free port). Prints the URL. .wasm goes out as application/wasm, for streaming compilation.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'demo');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
};

if (!existsSync(join(root, 'index.html'))) {
  console.error('build/demo is missing: run node scripts/build-demo.mjs first');
  process.exit(1);
}

const server = createServer((request, response) => {
  const { pathname } = new URL(request.url, 'http://localhost');
  let file = normalize(join(root, decodeURIComponent(pathname)));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!file.startsWith(root + sep) || !existsSync(file)) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(response);
});

const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
server.listen(port, '127.0.0.1', () => {
  console.log(`marginkit demo: http://localhost:${server.address().port}/`);
});
