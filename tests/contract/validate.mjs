// validate.mjs - check recorded HTTP responses against the served contract, with ajv.
//
// Usage:
//   node validate.mjs SPEC.json DUMP_DIR    check every response the integration tests dumped
//   node validate.mjs --selftest SPEC.json  check that the checker tells good responses from bad
//   node validate.mjs --refs FILE.json...   no keyword beside a $ref but description/summary
//
// SPEC.json is the bundled contract (schemas/bundled/openapi.json, what the server serves;
// run.sh checks that it matches openapi.yaml and schemas/). Bodies are validated by ajv
// (JSON Schema 2020-12) with ajv-formats; this file adds what a schema cannot say: status
// and method routing, empty HEAD/204/304 bodies, headers, pagination coherence, quote offsets.
//
// Dump format (tests/integration/harness.h): for each response N a file N.json =
// {"method", "path", "query", "status", "headers": {lower-case name: value}, "body_file"},
// and N.body = the body bytes as received (gzip when headers["content-encoding"] is "gzip").
//
// Prints one "FAIL ..." line per problem and, last, "validate: P passed, F failed".
// Exit status: 0 when nothing failed, 1 when something did, 2 on a usage or setup error.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Problem type for each status the API uses (the Problem schema lists the same).
const PROBLEM_TYPES = {
  400: '/problems/bad-request', 404: '/problems/not-found', 405: '/problems/method-not-allowed',
  406: '/problems/not-acceptable', 413: '/problems/payload-too-large',
  415: '/problems/unsupported-media-type', 422: '/problems/unprocessable',
  429: '/problems/too-many-requests', 500: '/problems/internal', 503: '/problems/unavailable',
};
const QUOTE_KINDS = ['direct', 'continuation', 'partial'];
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const API = 'https://articled.invalid/openapi.json';

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// The ASCII-only speaker id of earlier builds ("jos-n-ez" for José Núñez) is still
// accepted: it keeps the name's ASCII letters and turns the others into separators, so
// its letters are, in order, most of those of the readable id ("jose-nunez").
function legacyIdOf(req, id) {
  if (typeof req !== 'string' || typeof id !== 'string' || !req.includes('-')) return false;
  const a = req.replace(/-/g, ''), b = id.replace(/-/g, '');
  if (!a || a.length * 2 < b.length || a[0] !== b[0]) return false;
  let k = 0;
  for (const ch of b) if (k < a.length && ch === a[k]) k++;
  return k === a.length;
}
const isJsonMedia = (m) => m === 'application/json' || m.endsWith('+json');
const needsCharset = (m) => isJsonMedia(m) || m.startsWith('text/') || m.endsWith('yaml');
const codePoints = (s) => [...s].length;
const clone = (v) => JSON.parse(JSON.stringify(v));

function splitMedia(value) {
  const parts = value.split(';').map((p) => p.trim());
  const params = {};
  for (const p of parts.slice(1)) {
    const i = p.indexOf('=');
    if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return [parts[0].toLowerCase(), params];
}

function* walk(node) {
  yield node;
  if (Array.isArray(node)) for (const v of node) yield* walk(v);
  else if (isObj(node)) for (const v of Object.values(node)) yield* walk(v);
}

// 'a=1&b=%20' -> [['a', '1'], ['b', ' ']] (+ as space, like a form).
function parseQuery(query) {
  if (!query) return [];
  return query.split('&').filter((s) => s !== '').map((kv) => {
    const i = kv.indexOf('=');
    const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
    return i < 0 ? [dec(kv), ''] : [dec(kv.slice(0, i)), dec(kv.slice(i + 1))];
  });
}

function parseLinkHeader(value) {
  const out = {};
  for (const m of String(value || '').matchAll(/<([^>]*)>\s*;\s*rel="?([A-Za-z]+)"?/g)) out[m[2]] = m[1];
  return out;
}

export class Spec {
  constructor(doc) {
    if (!String(doc.openapi || '').startsWith('3.1')) throw new Error('not an OpenAPI 3.1 document');
    this.doc = doc;
    // strictRequired would reject `required` naming properties that come from allOf.
    this.ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(this.ajv);
    // The document's schemas as one schema resource, so '#/components/schemas/X' resolves.
    this.ajv.addSchema({ $id: API, $defs: { components: { $defs: Spec.rebase(doc.components.schemas) } } });
    this.validators = new Map();
    this.routes = Object.entries(doc.paths || {}).map(([template, item]) => {
      const segs = template === '/' ? [] : template.replace(/^\/|\/$/g, '').split('/');
      return { template, segs, literal: segs.filter((s) => !s.startsWith('{')).length, item };
    }).sort((a, b) => b.literal - a.literal);  // literal segments win over templated ones
  }

  // Follow local '#/...' $refs of spec objects (responses, headers, parameters).
  deref(node) {
    for (let seen = 0; isObj(node) && typeof node.$ref === 'string'; seen++) {
      const ref = node.$ref;
      if (!ref.startsWith('#/') || seen > 20) throw new Error(`cannot follow $ref ${ref}`);
      node = ref.slice(2).split('/').reduce((n, p) => n[p.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
    }
    return node;
  }

  // Schema refs of the document point into the resource added in the constructor.
  static rebase(schema) {
    if (Array.isArray(schema)) return schema.map(Spec.rebase);
    if (!isObj(schema)) return schema;
    const out = {};
    for (const [k, v] of Object.entries(schema)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${API}#/$defs/components/$defs/${v.slice('#/components/schemas/'.length)}` : Spec.rebase(v);
    }
    return out;
  }

  errors(schema, instance, where = 'body') {
    const key = JSON.stringify(schema);
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(Spec.rebase(schema));
      this.validators.set(key, v);
    }
    if (v(instance)) return [];
    const errs = v.errors.map((e) => `${where}${e.instancePath}: ${e.message}` +
      (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
      (e.params && e.params.unevaluatedProperty ? ` (${e.params.unevaluatedProperty})` : '') +
      (['enum', 'const', 'type', 'pattern', 'format'].includes(e.keyword) ? ` (got ${JSON.stringify(e.data).slice(0, 80)})` : ''));
    const uniq = [...new Set(errs)];
    return uniq.length > 5 ? [...uniq.slice(0, 5), `${where}: ... and ${uniq.length - 5} more schema errors`] : uniq;
  }

  match(p) {
    const segs = p === '/' ? [] : p.replace(/^\//, '').split('/');
    if (p !== '/' && (p.endsWith('/') || segs.includes(''))) return null;
    for (const r of this.routes) {
      if (r.segs.length !== segs.length) continue;
      const params = {};
      let ok = true;
      r.segs.forEach((t, i) => {
        if (t.startsWith('{') && t.endsWith('}')) params[t.slice(1, -1)] = segs[i];
        else {
          let s = segs[i];
          try { s = decodeURIComponent(s); } catch { /* keep raw */ }
          if (t !== s) ok = false;  // %61nnotate is annotate (RFC 3986 6.2.2.2)
        }
      });
      if (ok) return { template: r.template, item: r.item, params };
    }
    return null;
  }

  paramsOf(item, op) {
    const out = new Map();
    for (const p0 of [...(item.parameters || []), ...(op.parameters || [])]) {
      const p = this.deref(p0);
      out.set(`${p.in}:${p.name}`, p);
    }
    return out;
  }
}

// A raw string as the value its parameter schema describes; undefined when it can't be.
function decodeParam(p, raw) {
  const s = p.schema || {};
  if (s.type === 'integer') return /^-?[0-9]+$/.test(raw) ? Number(raw) : undefined;
  if (s.type === 'array') return raw.split(',');
  return raw;
}

export class Checker {
  constructor(spec, bundled = {}) {
    this.spec = spec;
    this.bundled = bundled;  // {json: object, yaml: string}: what /openapi.* must serve
  }

  // The list of problems with one recorded response (empty when it conforms).
  check(rec, body) {
    const fails = [];
    const spec = this.spec;
    const method = String(rec.method || '').toUpperCase();
    const p = rec.path || '';
    const query = rec.query || '';
    const status = rec.status;
    const headers = {};
    for (const [k, v] of Object.entries(rec.headers || {})) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    if (!Number.isInteger(status) || !p.startsWith('/')) return ['dump record lacks an integer status or a path starting with \'/\''];

    const enc = (headers['content-encoding'] || '').trim().toLowerCase();
    if (enc === 'gzip') {
      try {
        body = zlib.gunzipSync(body);
      } catch (e) {
        return [`Content-Encoding: gzip but the body does not gunzip: ${e.message}`];
      }
      if (!(headers.vary || '').toLowerCase().includes('accept-encoding')) fails.push("gzip response without 'Vary: Accept-Encoding'");
    } else if (enc && enc !== 'identity') {
      fails.push(`unexpected Content-Encoding '${enc}'`);
    }

    const malformed = BAD_PERCENT.test(p) || BAD_PERCENT.test(query);
    const queryPairs = malformed ? [] : parseQuery(query);
    const queryMap = Object.fromEntries(queryPairs);  // the last of repeated parameters wins
    const m = spec.match(p);
    let response;
    let getOp = null;
    let template = null;
    let pathParams = {};
    if (!m) {
      if (![400, 404, 405].includes(status) || (status === 400 && !malformed))
        fails.push(`path matches no route in the spec, so expected 404 (or 405) problem, got ${status}`);
      response = spec.doc.components.responses.Problem;
    } else {
      ({ template, params: pathParams } = m);
      const { item } = m;
      const op = METHODS.includes(method.toLowerCase()) ? item[method.toLowerCase()] : undefined;
      const allowed = Object.keys(item).filter((k) => METHODS.includes(k)).map((k) => k.toUpperCase()).sort();
      if (!op) {
        if (status === 405) {
          const allow = new Set((headers.allow || '').split(',').map((a) => a.trim().toUpperCase()).filter(Boolean));
          if (!allow.size) fails.push('405 without an Allow header');
          else if ([...allow].sort().join() !== allowed.join()) fails.push(`Allow: '${headers.allow}' but the spec has ${allowed.join(', ')} for ${template}`);
        } else if (status !== 400 && status !== 404) {
          fails.push(`${method} is not in the spec for ${template}, so expected 405 problem, got ${status}`);
        }
        response = spec.doc.components.responses.Problem;
      } else {
        getOp = method === 'HEAD' ? item.get : op;
        if (method === 'HEAD' && !getOp) {
          fails.push(`HEAD documented for ${template} but GET is not`);
          getOp = op;
        }
        const rs = getOp.responses || {};
        response = rs[String(status)] || rs[`${String(status)[0]}XX`] || rs.default;
        if (!response) return [...fails, `status ${status} is not declared for ${method} ${template} (declared: ${Object.keys(rs).join(', ')})`];
        fails.push(...this.checkParams(item, getOp, pathParams, queryPairs, status, malformed));
      }
    }
    fails.push(...this.checkResponse(response, method, status, headers, body, rec, getOp, template, pathParams, queryMap));
    return [...new Set(fails)];
  }

  // A request the spec calls invalid must not succeed.
  checkParams(item, op, pathParams, queryPairs, status, malformed) {
    const fails = [];
    const params = this.spec.paramsOf(item, op);
    if (malformed) {
      if (status < 400) fails.push(`malformed percent-encoding in the request, but status ${status} (expected 400)`);
      return fails;
    }
    for (const [name, raw] of Object.entries(pathParams)) {
      const p = params.get(`path:${name}`);
      if (!p) {
        fails.push(`path parameter {${name}} is not declared`);
        continue;
      }
      let value = raw;
      try { value = decodeURIComponent(raw); } catch { /* keep raw */ }
      const v = decodeParam(p, value);
      if ((v === undefined || this.spec.errors(p.schema || {}, v).length) && status < 400)
        fails.push(`path parameter ${name}='${value}' violates its schema, but status ${status} (expected 404)`);
    }
    const bad = [];
    for (const [name, value] of Object.entries(Object.fromEntries(queryPairs))) {
      const p = params.get(`query:${name}`);
      if (!p) continue;  // unknown parameters are ignored by the server
      const v = decodeParam(p, value);
      if (v === undefined || this.spec.errors(p.schema || {}, v).length) bad.push(name);
    }
    if (bad.length && status < 400) fails.push(`invalid query parameter(s) ${bad.join(', ')} but status ${status} (expected 400)`);
    return fails;
  }

  checkResponse(response0, method, status, headers, body, rec, getOp, template, pathParams, queryMap) {
    const fails = [];
    const spec = this.spec;
    const response = spec.deref(response0);
    const content = response.content || {};
    const ctype = headers['content-type'];
    let media = null;
    const emptyBody = method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
    if (emptyBody && body.length) fails.push(`${method === 'HEAD' ? 'HEAD' : status} response must have an empty body, got ${body.length} bytes`);
    if (Object.keys(content).length) {
      if (ctype === undefined) {
        if (!(emptyBody && (status === 204 || status === 304))) fails.push('no Content-Type header');
      } else {
        const [mt, mp] = splitMedia(ctype);
        if (!(mt in content)) fails.push(`Content-Type '${ctype}' is not declared for status ${status} (declared: ${Object.keys(content).join(', ')})`);
        else if (needsCharset(mt) && mp.charset !== 'utf-8') fails.push(`Content-Type '${ctype}' lacks charset=utf-8`);
        else media = mt;
      }
    } else if (body.length && !emptyBody) {
      fails.push(`status ${status} declares no body but got ${body.length} bytes`);
    }

    for (const [name, h0] of Object.entries(response.headers || {})) {
      if (name.toLowerCase() === 'content-type') continue;
      const h = spec.deref(h0);
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        if (h.required) fails.push(`missing required header ${name}`);
        continue;
      }
      const schema = h.schema || {};
      const v = schema.type === 'integer' && /^[0-9]+$/.test(value.trim()) ? Number(value) : value;
      for (const e of spec.errors(schema, v, name)) fails.push(`header ${e}`);
    }

    if (media === null || emptyBody) return fails;
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch (e) {
      return [...fails, `body is not UTF-8: ${e.message}`];
    }
    let data = text;
    if (isJsonMedia(media)) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        return [...fails, `body is not JSON: ${e.message}`];
      }
    }
    const schema = content[media].schema;
    if (schema) fails.push(...spec.errors(schema, data));
    const opId = (getOp || {}).operationId || '';
    if (opId === 'getOpenapiJson' && this.bundled.json && JSON.stringify(data) !== JSON.stringify(this.bundled.json))
      fails.push('served /openapi.json differs from schemas/bundled/openapi.json');
    if (opId === 'getOpenapiYaml' && this.bundled.yaml !== undefined && text !== this.bundled.yaml)
      fails.push('served /openapi.yaml differs from schemas/bundled/openapi.yaml');
    if (typeof data === 'object' && data !== null)
      fails.push(...this.semantics(data, status, headers, rec, getOp, template, pathParams, queryMap));
    return fails;
  }

  semantics(data, status, headers, rec, op, template, pathParams, queryMap) {
    const fails = [];
    const p = rec.path || '';
    const opId = (op || {}).operationId || '';
    if (isObj(data) && status >= 400) {
      if (data.status !== status) fails.push(`problem status ${data.status} differs from HTTP status ${status}`);
      const want = PROBLEM_TYPES[status];
      if (want && data.type !== want) fails.push(`problem type '${data.type}' for status ${status} (expected '${want}')`);
      if (!p.includes('%') && 'instance' in data && data.instance !== p) fails.push(`problem instance '${data.instance}' differs from the request path '${p}'`);
      const rid = headers['x-request-id'];
      if ('request_id' in data && rid !== undefined && data.request_id !== rid) fails.push(`problem request_id '${data.request_id}' differs from X-Request-Id '${rid}'`);
      if (status === 405 && !('allow' in headers)) fails.push('405 without an Allow header');
      return fails;
    }
    // Quote offsets: text == paragraph[start, end), so their difference is its length.
    // With ?offsets=utf16 they count UTF-16 code units, as JavaScript strings do.
    const units = queryMap.offsets === 'utf16' ? (t) => t.length : codePoints;
    for (const n of walk(data)) {
      if (isObj(n) && QUOTE_KINDS.includes(n.kind) && typeof n.text === 'string' && Number.isInteger(n.start) &&
          Number.isInteger(n.end) && n.end - n.start !== units(n.text)) {
        fails.push(`quote '${n.id}': end - start = ${n.end - n.start} but text has ${units(n.text)} ${queryMap.offsets === 'utf16' ? 'UTF-16 units' : 'code points'}`);
        break;
      }
    }
    if (!isObj(data)) return fails;
    const art = pathParams.id;
    if (art !== undefined && (template || '').includes('/v1/articles/{id}')) {
      for (const n of walk(data)) {
        if (isObj(n) && typeof n.article === 'string' && n.article !== art) {
          fails.push(`item '${n.id}' has article '${n.article}' under /v1/articles/${art}`);
          break;
        }
      }
    }
    if (opId === 'getArticle') {
      if (data.id !== art) fails.push(`article id '${data.id}' differs from the requested '${art}'`);
      const props = Object.keys(this.spec.doc.components.schemas.ArticlePartial.properties);
      const want = new Set('fields' in queryMap ? [...queryMap.fields.split(','), 'id'] : props);
      const have = new Set(Object.keys(data));
      const missing = [...want].filter((k) => !have.has(k)).sort();
      const extra = [...have].filter((k) => !want.has(k)).sort();
      if (missing.length || extra.length)
        fails.push(`article fields: missing [${missing}], unexpected [${extra}]${'fields' in queryMap ? ` for fields=${queryMap.fields}` : ''}`);
    }
    if (opId === 'getQuote' && data.id !== pathParams.quote && data.key !== pathParams.quote) fails.push(`quote id '${data.id}' differs from the requested '${pathParams.quote}'`);
    if (opId === 'getSpeaker') {
      // Also reachable by the transliterated slug of the name (the corpus id, before any -2).
      const slug = String(data.name || '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      if (data.id !== pathParams.speaker && slug !== pathParams.speaker && !legacyIdOf(pathParams.speaker, data.id)) fails.push(`speaker id '${data.id}' differs from the requested '${pathParams.speaker}'`);
      if (Array.isArray(data.quotes)) {
        if (data.quotes.some((q) => isObj(q) && q.speaker !== data.id)) fails.push('speaker detail lists a quote of another speaker');
        if (data.quote_count !== data.quotes.length) fails.push(`speaker quote_count ${data.quote_count} but ${data.quotes.length} quotes`);
      }
    }
    if (Array.isArray(data.items) && Number.isInteger(data.total)) fails.push(...this.checkList(data, headers, queryMap, op));
    return fails;
  }

  checkList(data, headers, queryMap, op) {
    const fails = [];
    const { items, total } = data;
    const tc = headers['x-total-count'];
    if (tc !== undefined && tc.trim() !== String(total)) fails.push(`X-Total-Count '${tc}' differs from total ${total}`);
    if (!('limit' in data)) {  // an unpaginated list (sections)
      if (total !== items.length) fails.push(`total ${total} but ${items.length} items`);
      return fails;
    }
    const { limit, offset } = data;
    if (!Number.isInteger(limit) || !Number.isInteger(offset)) return fails;
    const wantLimit = /^[0-9]+$/.test(queryMap.limit || 'x') ? Number(queryMap.limit) : 20;
    const wantOffset = /^[0-9]+$/.test(queryMap.offset || 'x') ? Number(queryMap.offset) : 0;
    if (limit !== wantLimit) fails.push(`limit ${limit} but the request asked for ${wantLimit}`);
    if (offset !== wantOffset) fails.push(`offset ${offset} but the request asked for ${wantOffset}`);
    const expectN = Math.max(0, Math.min(limit, total - offset));
    if (items.length !== expectN) fails.push(`${items.length} items with total=${total} limit=${limit} offset=${offset} (expected ${expectN})`);
    const links = isObj(data.links) ? data.links : {};
    const hasNext = offset + limit < total;
    const hasPrev = offset > 0;
    if ((links.next != null) !== hasNext) fails.push(`links.next is ${JSON.stringify(links.next)} with total=${total} limit=${limit} offset=${offset}`);
    if ((links.prev != null) !== hasPrev) fails.push(`links.prev is ${JSON.stringify(links.prev)} with offset=${offset}`);
    const rels = parseLinkHeader(headers.link);
    for (const rel of ['next', 'prev']) {
      if ((links[rel] ?? undefined) !== rels[rel]) fails.push(`Link header rel=${rel} is ${JSON.stringify(rels[rel] ?? null)} but links.${rel} is ${JSON.stringify(links[rel] ?? null)}`);
    }
    const dicts = items.filter(isObj);
    if ('kind' in queryMap && dicts.some((i) => i.kind !== queryMap.kind)) fails.push(`kind=${queryMap.kind} but an item has another kind`);
    const queryNames = new Set(((op || {}).parameters || []).map((x) => this.spec.deref(x)).filter((x) => x.in === 'query').map((x) => x.name));
    if ('speaker' in queryMap && queryNames.has('speaker') && dicts.some((i) => 'speaker' in i && i.speaker !== queryMap.speaker && !legacyIdOf(queryMap.speaker, i.speaker)))
      fails.push(`speaker=${queryMap.speaker} but an item has another speaker`);
    if ('q' in queryMap && dicts.some((i) => 'snippet' in i)) {
      // Search hits: the snippet marks a match.
      const bad = dicts.find((i) => !String(i.snippet).includes('<mark>'));
      if (bad) fails.push(`q='${queryMap.q}' but a hit's snippet marks no match`);
    } else if ('q' in queryMap) {
      // Quotes: every word not excluded starts a word of the text, folded like FTS5's
      // unicode61 with remove_diacritics 2 (case, diacritics; apostrophes split words).
      const fold = (t) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      const split = (t) => fold(t).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const terms = queryMap.q.split(/\s+/).filter((w) => w && !w.startsWith('-')).map(split);
      const starts = (text, term) => {
        const words = split(text);
        return words.some((_, k) => term.every((t, j) => j === term.length - 1 ? (words[k + j] || '').startsWith(t) : words[k + j] === t));
      };
      const bad = dicts.find((i) => !terms.every((t) => !t.length || starts(String(i.text || ''), t)));
      if (bad) fails.push(`q='${queryMap.q}' but item '${bad.id}' lacks a word of it`);
    }
    return fails;
  }
}

const describe = (rec) => `${rec.method} ${rec.path}${rec.query ? `?${rec.query}` : ''} -> ${rec.status}`;

function run(specPath, dumpDir) {
  const doc = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  const yamlPath = specPath.replace(/\.json$/, '.yaml');
  const checker = new Checker(new Spec(doc), { json: doc, yaml: fs.existsSync(yamlPath) ? fs.readFileSync(yamlPath, 'utf8') : undefined });
  let passed = 0;
  let failed = 0;
  const names = fs.existsSync(dumpDir) ? fs.readdirSync(dumpDir).filter((n) => n.endsWith('.json')).sort() : [];
  if (!names.length) {
    console.log(`FAIL ${dumpDir}: no dumped responses (N.json) to check; did the integration tests run?`);
    failed++;
  }
  for (const name of names) {
    let rec;
    let body;
    try {
      rec = JSON.parse(fs.readFileSync(path.join(dumpDir, name), 'utf8'));
      body = fs.readFileSync(path.join(dumpDir, rec.body_file || `${name.slice(0, -5)}.body`));
    } catch (e) {
      console.log(`FAIL ${name}: cannot read the dump: ${e.message}`);
      failed++;
      continue;
    }
    const probs = checker.check(rec, body);
    if (probs.length) {
      failed++;
      for (const pr of probs) console.log(`FAIL ${name} ${describe(rec)}: ${pr}`);
    } else {
      passed++;
    }
  }
  console.log(`validate: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

// ---- selftest: the checker must tell good from bad --------------------------------
function selftest(specPath) {
  const doc = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  const spec = new Spec(doc);
  const checker = new Checker(spec, { json: doc });
  const ex = Object.fromEntries(Object.entries(doc.components.examples).map(([k, v]) => [k, spec.deref(v).value]));
  const DEL = Symbol('delete');
  const edit = (d, kw) => {
    const o = clone(d);
    for (const [k, v] of Object.entries(kw)) if (v === DEL) delete o[k]; else o[k] = v;
    return o;
  };
  const common = {
    'x-request-id': '3f2a9c1e0b7d4e65', 'access-control-allow-origin': '*',
    'access-control-expose-headers': 'ETag, Link, X-Total-Count, X-Request-Id, Retry-After, Allow',
  };
  const ok = { ...common, etag: '"a1b2c3"', 'cache-control': 'public, max-age=60', vary: 'Accept-Encoding', 'content-type': 'application/json; charset=utf-8' };
  const probH = { ...common, 'content-type': 'application/problem+json; charset=utf-8' };
  const without = (h, k) => Object.fromEntries(Object.entries(h).filter(([n]) => n !== k));
  const A = '/v1/articles/paris-attacks';
  const { Article: art, Quote: quote, ArticleList: alist, QuoteList: qlist } = ex;
  const listH = { ...ok, 'x-total-count': String(alist.total) };
  const qlistH = { ...ok, 'x-total-count': String(qlist.total), link: `<${qlist.links.next}>; rel="next", <${qlist.links.prev}>; rel="prev"` };
  const optH = { ...common, allow: 'GET, HEAD, OPTIONS', 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-allow-headers': 'Accept, Content-Type, If-None-Match', 'access-control-max-age': '86400' };
  const notFound = ex.NoArticle;
  const mna = ex.MethodNotAllowed;
  const gz = { ...listH, 'content-encoding': 'gzip' };
  const qlq = 'speaker=paul-cruickshank&limit=2&offset=2';
  const annH = { ...common, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  const c = (name, expectOk, method, p, status, headers, body, query = '', want = null) =>
    ({ name, expectOk, rec: { method, path: p, query, status, headers }, body: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)), want });
  const cases = [
    // good
    c('index', true, 'GET', '/', 200, ok, ex.Index),
    c('full article', true, 'GET', A, 200, ok, art),
    c('article ?fields', true, 'GET', A, 200, ok, ex.ArticleFields, 'fields=title,speakers'),
    c('quote', true, 'GET', `${A}/quotes/q1`, 200, ok, quote),
    c('quote list page 2', true, 'GET', `${A}/quotes`, 200, qlistH, qlist, qlq),
    c('gzip article list', true, 'GET', '/v1/articles', 200, gz, zlib.gzipSync(JSON.stringify(alist))),
    c('speaker detail', true, 'GET', `${A}/speakers/buck-sexton`, 200, ok, ex.SpeakerDetail),
    c('health no-store', true, 'GET', '/healthz', 200, { ...ok, 'cache-control': 'no-store' }, ex.Health),
    c('annotation', true, 'POST', '/v1/annotate', 200, annH, ex.Annotation),
    c('pretty= and a repeated limit (last wins)', true, 'GET', '/v1/articles', 200, listH, alist, 'pretty=&limit=0&limit=20'),
    c('304', true, 'GET', A, 304, without(ok, 'content-type'), Buffer.alloc(0)),
    c('HEAD', true, 'HEAD', '/v1/articles', 200, listH, Buffer.alloc(0)),
    c('OPTIONS', true, 'OPTIONS', A, 204, optH, Buffer.alloc(0)),
    c('404 problem', true, 'GET', '/v1/articles/nope', 404, probH, notFound),
    c('404 unknown route', true, 'GET', '/v2', 404, probH, ex.NoRoute),
    c('405 with Allow', true, 'DELETE', '/v1/articles', 405, { ...probH, allow: 'GET, HEAD, OPTIONS' }, mna),
    c('400 limit=0', true, 'GET', '/v1/articles', 400, probH, ex.BadLimit, 'limit=0'),
    c('metrics text', true, 'GET', '/metrics', 200, { ...ok, 'cache-control': 'no-store', 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
      Buffer.from('# TYPE articled_requests_total counter\narticled_requests_total 3\n')),
    c('openapi.json', true, 'GET', '/openapi.json', 200, ok, doc),
    // bad
    c('served spec lacks a path', false, 'GET', '/openapi.json', 200, ok,
      { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).filter(([k]) => k !== '/v1/quotes')) }, '', 'differs'),
    c('article missing id', false, 'GET', A, 200, ok, edit(art, { id: DEL }), '', "required property 'id'"),
    c('article missing quotes', false, 'GET', A, 200, ok, edit(art, { quotes: DEL }), '', 'article fields'),
    c('article extra property', false, 'GET', A, 200, ok, edit(art, { extra: 1 }), '', 'additional properties'),
    c('quote kind bogus', false, 'GET', `${A}/quotes/q1`, 200, ok, edit(quote, { kind: 'bogus' }), '', 'allowed values'),
    c('quote extra property', false, 'GET', `${A}/quotes/q1`, 200, ok, edit(quote, { extra: 1 }), '', 'unevaluated'),
    c('quote without links', false, 'GET', `${A}/quotes/q1`, 200, ok, edit(quote, { links: DEL }), '', 'links'),
    c('quote speaker not nullable string', false, 'GET', `${A}/quotes/q1`, 200, ok, edit(quote, { speaker: 5 })),
    c('quote offsets disagree', false, 'GET', `${A}/quotes/q1`, 200, ok, edit(quote, { end: 3 }), '', 'code points'),
    c('404 as text/html', false, 'GET', '/v1/articles/nope', 404, { ...common, 'content-type': 'text/html; charset=utf-8' }, Buffer.from('<h1>Not Found</h1>'), '', 'not declared'),
    c('JSON without charset', false, 'GET', '/', 200, { ...ok, 'content-type': 'application/json' }, ex.Index, '', 'charset'),
    c('missing X-Request-Id', false, 'GET', '/', 200, without(ok, 'x-request-id'), ex.Index, '', 'X-Request-Id'),
    c('weak ETag', false, 'GET', '/', 200, { ...ok, etag: 'W/"a1"' }, ex.Index, '', 'ETag'),
    c('no-store on a /v1 resource', false, 'GET', A, 200, { ...ok, 'cache-control': 'no-store' }, art),
    c('X-Total-Count wrong', false, 'GET', '/v1/articles', 200, { ...listH, 'x-total-count': '7' }, alist, '', 'X-Total-Count'),
    c('missing Link next', false, 'GET', `${A}/quotes`, 200, without(qlistH, 'link'), qlist, qlq, 'Link'),
    c('200 for limit=0', false, 'GET', '/v1/articles', 200, listH, alist, 'limit=0', 'limit'),
    c('200 for kind=bogus', false, 'GET', `${A}/quotes`, 200, listH, alist, 'kind=bogus'),
    c('HEAD with a body', false, 'HEAD', '/v1/articles', 200, listH, alist, '', 'empty body'),
    c('304 with a body', false, 'GET', A, 304, ok, art, '', 'empty body'),
    c("status 418 (only 'default' fits)", false, 'GET', A, 418, probH, edit(notFound, { status: 418 }), '', '418'),
    c('problem status mismatch', false, 'GET', '/v1/articles/nope', 404, probH, edit(notFound, { status: 400, type: '/problems/bad-request' }), '', 'differs'),
    c('problem without request_id', false, 'GET', '/v1/articles/nope', 404, probH, edit(notFound, { request_id: DEL }), '', 'request_id'),
    c('405 without Allow', false, 'DELETE', '/v1/articles', 405, probH, mna, '', 'Allow'),
    c('405 Allow differs', false, 'DELETE', '/v1/articles', 405, { ...probH, allow: 'GET' }, mna, '', 'Allow'),
    c("unknown route answered 200", false, 'GET', '/v2', 200, ok, ex.Index),
    c('bad gzip', false, 'GET', '/v1/articles', 200, gz, Buffer.from('not gzip'), '', 'gunzip'),
    c('OPTIONS without Allow', false, 'OPTIONS', A, 204, without(optH, 'allow'), Buffer.alloc(0), '', 'Allow'),
    c('annotation with links', false, 'POST', '/v1/annotate', 200, annH, edit(ex.Annotation, { links: { self: '/v1/articles/adhoc' } })),
    c('annotation quote with links', false, 'POST', '/v1/annotate', 200, annH,
      edit(ex.Annotation, { quotes: ex.Annotation.quotes.map((q) => ({ ...q, links: { self: '/x' } })) }), '', 'unevaluated'),
    c('not JSON', false, 'GET', '/', 200, ok, Buffer.from('{'), '', 'not JSON'),
  ];
  let failures = 0;
  for (const t of cases) {
    const probs = checker.check(t.rec, t.body);
    const gotOk = probs.length === 0;
    if (gotOk !== t.expectOk) {
      failures++;
      console.log(`FAIL selftest ${t.name}: expected ${t.expectOk ? 'pass' : 'fail'}, got ${gotOk ? 'pass' : `fail: ${probs.join('; ')}`}`);
    } else if (t.want && !probs.some((pr) => pr.toLowerCase().includes(t.want.toLowerCase()))) {
      failures++;
      console.log(`FAIL selftest ${t.name}: failed for another reason than '${t.want}': ${probs.join('; ')}`);
    }
  }
  console.log(failures ? `selftest: ${failures} failed` : `selftest: ${cases.length} of ${cases.length} cases classified right`);
  return failures ? 1 : 0;
}

// Keywords beside a $ref that code generators drop (only annotations may stand there),
// and relative $ids, which break $ref resolution in the tools: one line per offender.
function refs(files) {
  const bad = [];
  const scan = (node, where, file) => {
    if (Array.isArray(node)) node.forEach((v, i) => scan(v, `${where}/${i}`, file));
    if (!isObj(node)) return;
    if (typeof node.$ref === 'string') {
      const extra = Object.keys(node).filter((k) => !['$ref', 'description', 'summary'].includes(k));
      if (extra.length) bad.push(`${file}#${where}: $ref with ${extra.join(', ')} beside it`);
    }
    if ('$id' in node && typeof node.$id === 'string') bad.push(`${file}#${where}: $id ${node.$id}`);
    for (const [k, v] of Object.entries(node)) if (k !== 'examples' && k !== 'example') scan(v, `${where}/${k}`, file);
  };
  for (const f of files) scan(JSON.parse(fs.readFileSync(f, 'utf8')), '', f);
  for (const b of bad) console.log(`FAIL refs ${b}`);
  console.log(`refs: ${files.length - new Set(bad.map((b) => b.split('#')[0])).size} passed, ${new Set(bad.map((b) => b.split('#')[0])).size} failed`);
  return bad.length ? 1 : 0;
}

function main(argv) {
  try {
    if (argv.length >= 2 && argv[0] === '--refs') return refs(argv.slice(1));
    if (argv.length === 2 && argv[0] === '--selftest') return selftest(argv[1]);
    if (argv.length === 2) return run(argv[0], argv[1]);
  } catch (e) {
    console.log(`FAIL validate.mjs setup: ${e.stack || e}`);
    console.log('validate: 0 passed, 1 failed');
    return 2;
  }
  console.error('usage: node validate.mjs SPEC.json DUMP_DIR | --selftest SPEC.json | --refs FILE.json...');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
