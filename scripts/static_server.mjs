// static_server.mjs: serves one folder (the built page) on 127.0.0.1 with the headers the page needs.
//   - Cross-Origin-Opener-Policy / Cross-Origin-Embedder-Policy: cross-origin isolation, so that
//     SharedArrayBuffer (WASM threads) is available.
//   - Correct MIME types (application/wasm for streaming compilation), no caching of stale builds.
// Serves only files under `root`; anything else is 404. Used by ./scripts/serve and the page tests.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip', '.bin': 'application/octet-stream',
};

export function startServer({ root, port = 8080, host = '127.0.0.1', isolate = true }) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = '/'; }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, '.' + rel);
    if (!file.startsWith(base + path.sep) || req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(404).end('not found');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404).end('not found'); return; }
      const headers = {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      if (isolate) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        headers['Cross-Origin-Resource-Policy'] = 'same-origin';
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

// Run directly: node scripts/static_server.mjs ROOT [PORT]
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] || 'build/web';
  const port = Number(process.argv[3] || process.env.PORT || 8080);
  const server = await startServer({ root, port });
  const { port: p } = server.address();
  console.log(`AE Playground: http://127.0.0.1:${p}/  (serving ${root}; Ctrl-C to stop)`);
}
