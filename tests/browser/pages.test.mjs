// pages.test.mjs - the pages in a real browser: Debian's chromium driven by puppeteer-core.
// Usage: node pages.test.mjs BASE_URL OUT_DIR   (CHROMIUM names the browser binary)
// Prints "ok NAME" / "FAIL NAME: why" per check and, last, "browser: N passed, M failed".
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, outDir] = process.argv.slice(2);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
let passed = 0;
let failed = 0;

function ok(name) { passed++; console.log(`ok   ${name}`); }
function fail(name, why) { failed++; console.log(`FAIL ${name}: ${why}`); }
function check(name, cond, why) { if (cond) ok(name); else fail(name, why); }

async function api(p, init) {
  const r = await fetch(base + p, init);
  return { status: r.status, body: await r.json() };
}

// A page that records console errors, uncaught exceptions, CSP violations and dialogs.
async function open(browser, url, { js = true } = {}) {
  const page = await browser.newPage();
  const log = { errors: [], csp: [], dialogs: [] };
  await page.setViewport({ width: 1100, height: 900 });
  await page.setJavaScriptEnabled(js);
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.errors.push(`request failed: ${r.url()}`));
  page.on('dialog', async (d) => { log.dialogs.push(d.message()); await d.dismiss(); });
  await page.evaluateOnNewDocument(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const resp = await page.goto(url, { waitUntil: 'load' });
  return { page, log, resp };
}

// axe-core runs through the DevTools protocol, which the page's CSP does not govern.
async function axe(name, page) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of res.violations)
    console.log(`  axe ${name}: ${v.impact} ${v.id} (${v.nodes.length}) ${v.help}`);
  check(`axe: ${name} has no serious or critical violations`, bad.length === 0,
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('; '));
}

async function reader(browser) {
  const { page, log, resp } = await open(browser, `${base}/read/paris-attacks`);
  const quotes = (await api('/v1/articles/paris-attacks/quotes?limit=100')).body.items;
  const speakers = (await api('/v1/articles/paris-attacks/speakers')).body.items;
  check('reader: 200 text/html', resp.status() === 200 && resp.headers()['content-type'].startsWith('text/html'),
    `${resp.status()} ${resp.headers()['content-type']}`);
  const marks = await page.$$eval('mark.q', (ms) => ms.map((m) => ({
    text: m.textContent, quote: m.dataset.quote, speaker: m.dataset.speaker, kind: m.dataset.kind })));
  check('reader: 13 highlighted quotes', marks.length === 13 && quotes.length === 13,
    `${marks.length} marks, ${quotes.length} API quotes`);
  const mismatch = quotes.filter((q, i) => !marks[i] || marks[i].text !== q.text || marks[i].quote !== q.id ||
    marks[i].speaker !== (q.speaker || '') || marks[i].kind !== q.kind);
  check('reader: each mark holds its API quote (text, id, speaker, kind)', mismatch.length === 0,
    `first mismatch: ${JSON.stringify(mismatch[0])}`);
  const colours = await page.$$eval('mark.q', (ms) => ms.map((m) => getComputedStyle(m).backgroundColor));
  const bySpeaker = {};
  marks.forEach((m, i) => { (bySpeaker[m.speaker] = bySpeaker[m.speaker] || new Set()).add(colours[i]); });
  const distinct = new Set(Object.values(bySpeaker).map((s) => [...s].join()));
  check('reader: one colour per speaker, distinct between speakers',
    Object.values(bySpeaker).every((s) => s.size === 1) && distinct.size === Object.keys(bySpeaker).length,
    JSON.stringify(Object.fromEntries(Object.entries(bySpeaker).map(([k, v]) => [k, [...v]]))));
  const legend = await page.$$eval('.legend li[id^="sp-"]', (ls) => ls.map((l) => l.textContent));
  check('reader: 4 speakers in the legend', legend.length === 4 && speakers.length === 4 &&
    speakers.every((s) => legend.some((l) => l.includes(s.name) && l.includes(`${s.quote_count} quote`))),
  JSON.stringify(legend));

  // The popup: focus (keyboard) and hover (mouse) show speaker, role, organisation, kind and cue.
  const first = quotes[0];
  const sp = speakers.find((s) => s.id === first.speaker);
  await page.focus(`mark[data-quote="${first.id}"]`);
  const popup = await page.$eval(`mark[data-quote="${first.id}"]`, (m) => getComputedStyle(m, '::after').content);
  const want = [sp.name, sp.role, sp.organization, first.kind, first.cue].filter(Boolean);
  check('reader: focusing a quote shows its speaker popup', want.every((w) => popup.includes(w)),
    `popup ${popup}, want ${want.join(' | ')}`);
  await page.hover(`mark[data-quote="${quotes[6].id}"]`);
  const hovered = await page.$eval(`mark[data-quote="${quotes[6].id}"]`, (m) => getComputedStyle(m, '::after').content);
  check('reader: hovering a quote shows its popup', hovered.includes('Buck Sexton'), hovered);
  const idle = await page.$eval(`mark[data-quote="${quotes[3].id}"]`, (m) => getComputedStyle(m, '::after').content);
  check('reader: other quotes show no popup', idle === 'none' || idle === 'normal', idle);
  // The picture for the README: the top of the page, the legend, one popup open.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus(`mark[data-quote="${first.id}"]`);
  await page.screenshot({ path: path.join(outDir, 'reader.png') });

  // The speaker filter, and the choice in the URL.
  await page.click('.legend a[data-speaker="buck-sexton"]');
  const url = page.url();
  const state = () => page.$$eval('mark.q', (ms) => ms.map((m) => ({
    speaker: m.dataset.speaker,
    shown: !m.classList.contains('off') && m.offsetParent !== null &&
      getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)' })));
  let st = await state();
  const sexton = quotes.filter((q) => q.speaker === 'buck-sexton').length;
  check('reader: choosing a speaker puts it in the URL', url.endsWith('/read/paris-attacks?speaker=buck-sexton'), url);
  check('reader: the speaker filter shows only that speaker\'s quotes',
    st.filter((m) => m.shown).length === sexton && st.every((m) => m.shown === (m.speaker === 'buck-sexton')),
    JSON.stringify(st));
  const status = await page.$eval('.legend .status', (e) => e.textContent);
  check('reader: the filter says what it shows', status.includes(`${sexton} quote`) && status.includes('Buck Sexton'), status);
  await page.screenshot({ path: path.join(outDir, 'reader-filtered.png') });
  await page.goBack();
  st = await state();
  check('reader: going back shows every quote again', st.every((m) => m.shown), JSON.stringify(st));
  check('reader: zero console errors', log.errors.length === 0 && log.dialogs.length === 0,
    JSON.stringify(log));
  check('reader: zero CSP violations', (await page.evaluate(() => window.__csp)).length === 0,
    JSON.stringify(await page.evaluate(() => window.__csp)));
  await axe('reader', page);

  // A shared link opens filtered.
  const shared = await open(browser, `${base}/read/paris-attacks?speaker=michael-weiss`);
  const weiss = await shared.page.$$eval('mark.q:not(.off)', (ms) => ms.map((m) => m.dataset.speaker));
  check('reader: a shared ?speaker= link opens filtered', weiss.length === 2 && weiss.every((s) => s === 'michael-weiss'),
    JSON.stringify(weiss));
  await shared.page.close();

  // Print: the page chrome goes, the highlights stay.
  await page.emulateMediaType('print');
  const print = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector('header.site')).display,
    mark: getComputedStyle(document.querySelector('mark.q')).backgroundColor,
    legend: getComputedStyle(document.querySelector('.legend')).display,
  }));
  check('reader: printed, the site header is hidden and the highlights and legend stay',
    print.header === 'none' && print.mark !== 'rgba(0, 0, 0, 0)' && print.legend !== 'none', JSON.stringify(print));
  await page.pdf({ path: path.join(outDir, 'reader.pdf'), format: 'A4', printBackground: true });
  await page.close();

  // Without JavaScript: the highlights and the legend are all there.
  const nojs = await open(browser, `${base}/read/paris-attacks`, { js: false });
  const n = await nojs.page.$$eval('mark.q', (ms) => ms.length);
  const l = await nojs.page.$$eval('.legend li[id^="sp-"]', (ls) => ls.length);
  check('reader: without JavaScript, 13 highlights and 4 legend entries', n === 13 && l === 4, `${n} marks, ${l} entries`);
  await nojs.page.close();
}

async function hostile(browser) {
  const { page, log } = await open(browser, `${base}/read/hostile`);
  // Move over every element and focus every quote: any injected handler would fire now.
  for (const el of await page.$$('main *')) {
    try { await el.hover(); } catch { /* not visible */ }
  }
  for (const m of await page.$$('mark.q')) await m.focus();
  const seen = await page.evaluate(() => ({
    pwned: window.pwned,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    imgs: document.images.length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name))
      .filter((a) => a.startsWith('on')),
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => a.href.startsWith('javascript:')).length,
    title: document.querySelector('h1').textContent,
    text: document.body.textContent,
  }));
  check('hostile: no script ran', seen.pwned === undefined && log.dialogs.length === 0, `pwned=${seen.pwned}`);
  check('hostile: the only script is the binary\'s own', seen.scripts.length === 1 && seen.scripts[0] === '/assets/reader.js',
    JSON.stringify(seen.scripts));
  check('hostile: no injected elements, handlers or javascript: links',
    seen.imgs === 0 && seen.handlers.length === 0 && seen.jsLinks === 0, JSON.stringify(seen));
  check('hostile: the markup is shown as text', seen.title.startsWith('<script>window.pwned = "title"</script>') &&
    seen.text.includes('<img src=x onerror=') && seen.text.includes('"onmouseover="') &&
    seen.text.includes('\u202edesrever\u202c') && seen.text.includes('\u{1F600}'), seen.title);
  check('hostile: zero console errors', log.errors.length === 0, JSON.stringify(log.errors));
  await page.screenshot({ path: path.join(outDir, 'hostile.png'), fullPage: true });
  await axe('hostile', page);
  await page.close();
}

async function index(browser) {
  const { page, log } = await open(browser, `${base}/`);
  const rows = await page.$$eval('table.articles tbody tr', (rs) => rs.length);
  const total = (await api('/v1/articles')).body.total;
  check('index: a browser gets the HTML index of every article', rows === total && total === 2, `${rows} rows, ${total}`);
  await page.type('#filter', 'paris');
  const shown = await page.$$eval('table.articles tbody tr:not([hidden]) a', (as) => as.map((a) => a.getAttribute('href')));
  check('index: the search box filters titles', shown.length === 1 && shown[0] === '/read/paris-attacks', JSON.stringify(shown));
  check('index: zero console errors', log.errors.length === 0, JSON.stringify(log.errors));
  await page.screenshot({ path: path.join(outDir, 'index.png') });
  await axe('index', page);
  await page.close();
}

async function annotate(browser) {
  const text = 'Budget vote\n\nThe budget will pass this week, according to officials.\n\n' +
    '\u201cWe will not back down,\u201d said Mayor Jane Doe.\n\n' +
    '\u201cThe numbers do not add up,\u201d said councillor John Smith.\n';
  const { page, log } = await open(browser, `${base}/annotate`);
  await page.type('#text', '   ');
  await page.click('#go');
  await page.waitForFunction(() => document.getElementById('error').textContent !== '', { timeout: 10000 });
  const err = await page.$eval('#error', (e) => e.textContent);
  check('annotate: a text with no article shows the problem detail', err.startsWith('Cannot annotate:'), err);
  await page.$eval('#text', (t) => { t.value = ''; });
  await page.type('#text', text);
  await page.click('#go');
  await page.waitForSelector('#result mark.q', { timeout: 10000 });
  const want = await api('/v1/annotate', { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
  const got = await page.$$eval('#result mark.q', (ms) => ms.map((m) => ({ text: m.textContent, speaker: m.dataset.speaker })));
  check('annotate: the result is rendered like the reader',
    want.status === 200 && got.length === want.body.quotes.length &&
    want.body.quotes.every((q, i) => got[i].text === q.text && got[i].speaker === (q.speaker || '')),
    `${JSON.stringify(got)} vs ${JSON.stringify(want.body.quotes)}`);
  const reported = await page.$$eval('#result span.reported', (ss) => ss.map((e) => e.textContent));
  check('annotate: reported speech is marked like the reader\'s',
    reported.length === want.body.attributions.length && reported.length > 0 &&
    want.body.attributions.every((t, i) => reported[i] === t.source), `${JSON.stringify(reported)}`);
  const dl = await page.$eval('#download', (a) => ({ hidden: a.hidden, href: a.href, name: a.download }));
  // Really download it: the browser saves the file into outDir.
  const saved = path.join(outDir, 'annotation.json');
  fs.rmSync(saved, { force: true });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: outDir });
  await page.click('#download');
  let json = null;
  for (let i = 0; i < 100 && json === null; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try { json = JSON.parse(fs.readFileSync(saved, 'utf8')); } catch { json = null; }
  }
  check('annotate: the JSON can be downloaded, and is the API\'s',
    !dl.hidden && dl.href.startsWith('blob:') && dl.name === 'annotation.json' &&
    JSON.stringify(json) === JSON.stringify(want.body), `${JSON.stringify(dl)} saved=${JSON.stringify(json)}`);
  check('annotate: zero console errors', log.errors.filter((e) => !e.includes('422')).length === 0, JSON.stringify(log.errors));
  await page.screenshot({ path: path.join(outDir, 'annotate.png') });
  await axe('annotate', page);
  await page.close();
}

let browser;
try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // Root (as CI is) needs --no-sandbox; the pages served are ours, on loopback.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--font-render-hinting=none'],
    timeout: 30000,
  });
  ok(`chromium starts (${await browser.version()})`);
} catch (e) {
  fail('chromium starts', e.message);
}
if (browser) {
  for (const t of [reader, hostile, index, annotate]) {
    try { await t(browser); } catch (e) { fail(t.name, e.stack); }
  }
  await browser.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
