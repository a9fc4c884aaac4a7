#!/usr/bin/env node
// Serves public/examples (the example host page) on its own origin, as a PACS portal would:
// the viewer is framed cross-origin, so the postMessage origin checks are real.
// Usage: node stack/examples-server.mjs [--port 5174] [--viewer http://127.0.0.1:5173 ...]
// (the viewer's public/config.json allows http://127.0.0.1:5174 for dev and :14174 for e2e).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'examples');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** viewers: origins the page may frame (CSP frame-src). */
export function createExamplesServer({ viewers }) {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `frame-src ${viewers.map((v) => new URL(v).origin).join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
  return http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'host.html';
    if (name === 'favicon.ico') {
      res.writeHead(204).end(); // browsers ask for it; a 404 would show up as a console error
      return;
    }
    const file = path.join(DIR, name);
    const type = TYPES[path.extname(file)];
    if (!type || !fs.existsSync(file) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let port = 5174;
  const viewers = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else if (argv[i] === '--viewer') viewers.push(argv[++i]);
  }
  if (!viewers.length) viewers.push('http://127.0.0.1:5173');
  createExamplesServer({ viewers }).listen(port, '127.0.0.1', () => {
    console.log(`[examples] http://127.0.0.1:${port}/host.html?viewer=${encodeURIComponent(viewers[0])}`);
  });
}
