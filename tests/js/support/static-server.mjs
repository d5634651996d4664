// A small static file server on 127.0.0.1 for browser tests: correct MIME types (application/wasm
// matters for streaming compilation), optional extra headers (a Content-Security-Policy), and a
// log of every request with its status so tests can assert that no .wasm request failed.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// mounts: { '/url-prefix/': '/absolute/dir' }; headers: added to every response.
export async function startStaticServer({ mounts, headers = {} }) {
  const requests = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    let status = 404;
    const prefix = Object.keys(mounts).sort((a, b) => b.length - a.length)
      .find((p) => url.pathname.startsWith(p));
    if (prefix) {
      const root = mounts[prefix];
      let file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if ((file === root || file.startsWith(root + sep)) && existsSync(file)) {
        status = 200;
        response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', ...headers });
        createReadStream(file).pipe(response);
      }
    }
    if (status === 404) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
    requests.push({ path: url.pathname, status });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
