// examples.mjs - the examples of openapi.yaml are the server's real output.
//
// Usage: node examples.mjs ARTICLED_BIN OUT.json [SERVED_DIR]
//
// Starts ARTICLED_BIN on a free loopback port over a directory holding only the seed
// article (articles/paris-attacks.*), sends the request of each example below and writes
// {name: {summary, value}} to OUT.json (schemas/examples.json is the committed copy, which
// openapi.yaml refers to). run.sh compares a fresh run with it; `make examples` rewrites it.
// With SERVED_DIR, also saves the served /openapi.json and /openapi.yaml there.
// Every request carries X-Request-Id, so problems are reproducible; the uptime is pinned.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const RID = '3f2a9c1e0b7d4e65';
const A = '/v1/articles/paris-attacks';
const PLAIN = { 'Content-Type': 'text/plain; charset=utf-8' };

// name: [summary, method, target, extra headers, body]; a function body is a raw request.
const CASES = {
  Index: ['The index', 'GET', '/'],
  Health: ['Healthy, one article loaded', 'GET', '/healthz'],
  ArticleList: ['The seed article', 'GET', '/v1/articles'],
  Article: ['The seed article in full', 'GET', A],
  ArticleFields: ['?fields=title,speakers (id is always included)', 'GET', `${A}?fields=title,speakers`],
  SectionList: ['Sections of the seed article', 'GET', `${A}/sections`],
  Section: ["The 'Sleepers' section", 'GET', `${A}/sections/sleepers`],
  QuoteList: ['?speaker=paul-cruickshank&limit=2&offset=2', 'GET',
    `${A}/quotes?speaker=paul-cruickshank&limit=2&offset=2`],
  Quote: ['The first quote', 'GET', `${A}/quotes/q1`],
  SpeakerList: ['Speakers of the seed article', 'GET', `${A}/speakers`],
  SpeakerDetail: ['Buck Sexton', 'GET', `${A}/speakers/buck-sexton`],
  QuoteSearch: ['?q=france', 'GET', '/v1/quotes?q=france'],
  Search: ['A phrase', 'GET', '/v1/search?q=%22quite%20a%20response%22'],
  CorpusSpeakerList: ['?limit=2', 'GET', '/v1/speakers?limit=2'],
  CorpusSpeaker: ['Buck Sexton in every article', 'GET', '/v1/speakers/buck-sexton'],
  Annotation: ['Annotation of a two-line article', 'POST', '/v1/annotate', PLAIN,
    'A short test\n\n\u201cHello there,\u201d said Jane Doe.\n'],
  BadLimit: ['?limit=0', 'GET', '/v1/articles?limit=0'],
  BadKind: ['?kind=bogus', 'GET', `${A}/quotes?kind=bogus`],
  BadFields: ['?fields=nope', 'GET', `${A}?fields=nope`],
  NoArticle: ['Unknown article', 'GET', '/v1/articles/nope'],
  NoRoute: ['No such route', 'GET', '/v2'],
  MethodNotAllowed: ['DELETE on the article list', 'DELETE', '/v1/articles'],
  NotAcceptable: ['Accept: text/html', 'GET', A, { Accept: 'text/html' }],
  // Declared over 1 MiB: refused before the body is sent.
  PayloadTooLarge: ['Body over 1 MiB', 'POST', '/v1/annotate',
    { ...PLAIN, 'Content-Length': String(1024 * 1024 + 1) }, null],
  UnsupportedMediaType: ['Content-Type: application/json', 'POST', '/v1/annotate',
    { 'Content-Type': 'application/json' }, '{"text": "A title"}'],
  Unprocessable: ['A title but no body', 'POST', '/v1/annotate', PLAIN, 'A short test\n'],
  TooManyRequests: ['Four annotations already in progress', 'POST', '/v1/annotate', PLAIN,
    'A short test\n\nBody.\n'],
  Unavailable: ['No article to serve', 'GET', '/readyz'],
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let log = '';  // the servers' stderr, shown when something fails

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// -> {status, headers, body (Buffer)}; body === null sends the headers alone.
function send(port, method, target, headers = {}, body = undefined) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target,
      headers: { 'X-Request-Id': RID, ...headers }, timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${target}: timed out`)));
    req.on('error', reject);
    if (body === null) req.flushHeaders();
    else req.end(body === undefined ? undefined : Buffer.from(body));
  });
}

async function start(bin, dir, waitPath, want) {
  const port = await freePort();
  const child = spawn(bin, ['serve', '--host', '127.0.0.1', '--port', String(port), '--dir', dir,
    '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (c) => { log += c; });
  for (let i = 0; i < 200; i++) {  // 10 s at most
    try {
      if ((await send(port, 'GET', waitPath)).status === want) return { port, child };
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error(`${bin} exited during start-up`);
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`${bin} did not answer ${want} on ${waitPath}`);
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}

// Four whole bodies of 60,000 short paragraphs each hold every annotation slot while they
// are annotated (a slot is taken once a body is in); the next request gets 429.
async function whileBusy(port, fn) {
  const body = 'Title\n\n' + 'A short paragraph of words.\n\n'.repeat(34000);
  const head = 'POST /v1/annotate HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  for (let round = 0; round < 20; round++) {
    const socks = [];
    try {
      for (let i = 0; i < 4; i++) {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => {});
        s.on('data', () => {});
        s.write(head + body);
        socks.push(s);
      }
      for (let i = 0; i < 200; i++) {  // 1 s at most a round
        await sleep(5);
        const r = await fn();
        if (r.status === 429) return r;
      }
    } finally {
      socks.forEach((s) => s.destroy());
    }
  }
  throw new Error('no 429 with four annotations in progress');
}

function value(name, r) {
  const ctype = String(r.headers['content-type'] || '');
  if (!/^application\/(problem\+)?json/.test(ctype))
    throw new Error(`${name}: status ${r.status}, Content-Type ${ctype || 'none'}`);
  const v = JSON.parse(r.body.toString('utf8'));
  if (name === 'Health') v.uptime_seconds = 12;  // the only value that changes run to run
  return v;
}

async function main() {
  const [bin, out, served] = process.argv.slice(2);
  if (!bin || !out) {
    console.error('usage: node examples.mjs ARTICLED_BIN OUT.json [SERVED_DIR]');
    process.exit(2);
  }
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'articled-examples-'));
  const result = {};
  let srv = null;
  let slow = null;
  try {
    const seed = path.join(tmp, 'seed');
    fs.mkdirSync(seed);
    for (const f of ['paris-attacks.txt', 'paris-attacks.meta.json'])
      fs.copyFileSync(path.join(root, 'articles', f), path.join(seed, f));
    srv = await start(bin, seed, '/readyz', 200);
    for (const [name, [summary, method, target, headers, body]] of Object.entries(CASES)) {
      if (name === 'Unavailable') continue;
      const go = () => send(srv.port, method, target, headers, body);
      const r = name === 'TooManyRequests' ? await whileBusy(srv.port, go) : await go();
      result[name] = { summary, value: value(name, r) };
    }
    if (served) {
      for (const f of ['openapi.json', 'openapi.yaml']) {
        const r = await send(srv.port, 'GET', `/${f}`);
        if (r.status !== 200) throw new Error(`GET /${f}: status ${r.status}`);
        fs.writeFileSync(path.join(served, f), r.body);
      }
    }
    // Not ready: the directory holds no article (a FIFO is skipped, never read). Wait
    // for the load to end, so the answer does not depend on timing.
    const loading = path.join(tmp, 'loading');
    fs.mkdirSync(loading);
    if (spawnSync('mkfifo', [path.join(loading, 'slow.txt')]).status !== 0)
      throw new Error('mkfifo failed');
    slow = await start(bin, loading, '/livez', 200);
    const [summary, method, target] = CASES.Unavailable;
    let r = await send(slow.port, method, target);
    for (let i = 0; i < 100 && /starting/.test(r.body.toString('utf8')); i++) {
      await sleep(20);
      r = await send(slow.port, method, target);
    }
    result.Unavailable = { summary, value: value('Unavailable', r) };
  } finally {
    if (srv) await stop(srv.child);
    if (slow) { slow.child.kill('SIGKILL'); await stop(slow.child); }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const ordered = {};
  for (const name of Object.keys(CASES)) ordered[name] = result[name];
  fs.writeFileSync(out, JSON.stringify(ordered, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(log);
  console.error(`examples.mjs: ${e.message}`);
  process.exit(1);
});
