import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Paths that are the server's own: never answered with the app's page (the portal's API shares its pages' paths, see below). */
const SERVER_PATHS = /^\/(api|auth|health|openapi\.json|portal)(\/|$)/;

/** The partner portal's pages: the second entry of the same build, at /portal and below. */
const PORTAL_PAGES = /^\/portal(\/|$)/;

/**
 * Only the dashboard's own scripts and styles run on its pages, no page may frame it (clickjacking),
 * and nothing is fetched from elsewhere: self-hosters run offline.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

interface WebFile {
  body: Buffer;
  type: string;
}

function filesUnder(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(`/${relative(root, path).split('\\').join('/')}`, { body: readFileSync(path), type: TYPES[extname(name)] ?? 'application/octet-stream' });
    }
  };
  walk(root);
  return files;
}

/**
 * Serves the built browser app from memory (a few files, read once at start): hashed assets cached
 * for good, and `index.html` for every other page path, so the app's own router shows the page.
 */
export function serveWebApp(app: NestFastifyApplication, webDir: string): void {
  const root = resolve(webDir);
  const built = existsSync(join(root, 'index.html'));
  if (!built) new Logger('Dashboard').warn({ msg: 'the browser app is not built: run npm run build', dir: root });
  const files = built ? filesUnder(root) : new Map<string, WebFile>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // Sessions' answers (the CSRF token, the workspace's data) are kept by no cache, shared or the browser's.
    if (SERVER_PATHS.test(request.url)) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
  const sendPage = (reply: FastifyReply, name: 'index.html' | 'portal.html') => {
    const page = files.get(`/${name}`);
    if (!page) {
      const what = name === 'index.html' ? 'The dashboard' : 'The partner portal';
      return reply.status(503).type('text/plain; charset=utf-8').send(`${what} is not built. Run npm run build (npm start does), then reload this page.`);
    }
    return reply.header('cache-control', 'no-cache').type(page.type).send(page.body);
  };
  // The portal's pages and its API share paths (/portal/links is a page, and what the page reads): a
  // browser opening a page asks for HTML and gets the portal's page; the page's own calls get the API.
  fastify.addHook('onRequest', async (request, reply) => {
    const path = new URL(request.url, 'http://dashboard').pathname;
    if ((request.method === 'GET' || request.method === 'HEAD') && PORTAL_PAGES.test(path) && (request.headers.accept ?? '').includes('text/html')) {
      return sendPage(reply, 'portal.html');
    }
  });
  fastify.get('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = new URL(request.url, 'http://dashboard').pathname;
    if (SERVER_PATHS.test(path)) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `Nothing is served at ${path}` });
    }
    const asset = files.get(path);
    if (asset && path !== '/index.html' && path !== '/portal.html') {
      const immutable = path.startsWith('/assets/');
      return reply
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .type(asset.type)
        .send(asset.body);
    }
    if (path.startsWith('/assets/')) return reply.status(404).type('text/plain; charset=utf-8').send(`No asset ${path}: reload the page`);
    return sendPage(reply, 'index.html');
  });
}
