#!/usr/bin/python3
"""validate.py - check recorded HTTP responses against openapi.yaml and schemas/.

Usage:
    validate.py SPEC DUMP_DIR     check every response the integration tests dumped
    validate.py --selftest SPEC   check that the checker tells good responses from bad

Run with Debian's /usr/bin/python3 (python3-jsonschema >= 4.10, python3-yaml).

Dump format (written by tests/integration/harness.h): for each response N a file
N.json = {"method", "path", "query", "status", "headers": {lower-case name: value},
"body_file": "N.body"}, and N.body = the body bytes as received (gzip when
headers["content-encoding"] is "gzip").

Prints one "FAIL ..." line per problem found and, last, a line
"validate: P passed, F failed" (tests/contract/run.sh adds it into its total).
Exit status: 0 when nothing failed, 1 when something did, 2 on a usage or setup error.
"""
import gzip
import json
import os
import pathlib
import re
import sys
import urllib.parse

import yaml
from jsonschema import Draft202012Validator, RefResolver

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Problem type for each status the API uses (schemas/problem.json lists the same).
PROBLEM_TYPES = {
    400: "/problems/bad-request",
    404: "/problems/not-found",
    405: "/problems/method-not-allowed",
    406: "/problems/not-acceptable",
    413: "/problems/payload-too-large",
    415: "/problems/unsupported-media-type",
    422: "/problems/unprocessable",
    429: "/problems/too-many-requests",
    500: "/problems/internal",
    503: "/problems/unavailable",
}
QUOTE_KINDS = ("direct", "continuation", "partial")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def op_id_of(op):
    return (op or {}).get("operationId", "")


def is_json_media(media):
    return media == "application/json" or media.endswith("+json")


def needs_charset(media):
    return is_json_media(media) or media.startswith("text/") or media.endswith("yaml")


def split_media(value):
    """'application/json; charset=UTF-8' -> ('application/json', {'charset': 'utf-8'})."""
    parts = [p.strip() for p in value.split(";")]
    params = {}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


class Spec:
    """openapi.yaml plus the JSON Schemas it refers to."""

    def __init__(self, spec_path):
        self.path = pathlib.Path(spec_path).resolve()
        self.uri = self.path.as_uri()
        with open(self.path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        if not str(self.doc.get("openapi", "")).startswith("3.1"):
            raise ValueError(f"{spec_path}: not an OpenAPI 3.1 document")
        self.store = {self.uri: self.doc}
        schema_dir = self.path.parent / "schemas"
        for p in sorted(schema_dir.glob("*.json")):
            with open(p, encoding="utf-8") as f:
                schema = json.load(f)
            file_uri = p.resolve().as_uri()
            for key in ("$schema", "$id"):
                if key not in schema:
                    raise ValueError(f"{p}: no {key}")
            Draft202012Validator.check_schema(schema)
            self.store[file_uri] = schema
            self.store[urllib.parse.urljoin(file_uri, schema["$id"])] = schema
            self.store.setdefault(schema["$id"], schema)
        self.schema_dir = schema_dir
        self._validators = {}
        self.routes = []
        for template, item in self.doc.get("paths", {}).items():
            segs = template.strip("/").split("/") if template != "/" else []
            literal = sum(1 for s in segs if not s.startswith("{"))
            self.routes.append((template, segs, literal, item))
        # Literal segments win over templated ones (OpenAPI path matching).
        self.routes.sort(key=lambda r: -r[2])

    def deref(self, node):
        """Follow local '#/...' $refs of spec objects (responses, headers, parameters)."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"unsupported non-local $ref {ref!r} outside a schema")
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            seen += 1
            if seen > 20:
                raise ValueError(f"$ref loop at {ref}")
        return node

    def validator(self, schema):
        key = json.dumps(schema, sort_keys=True)
        v = self._validators.get(key)
        if v is None:
            resolver = RefResolver(self.uri, self.doc, store=self.store)
            v = Draft202012Validator(schema, resolver=resolver)
            self._validators[key] = v
        return v

    def schema_errors(self, schema, instance, where="body"):
        errs = sorted(self.validator(schema).iter_errors(instance),
                      key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
        out = []
        for e in errs[:5]:
            loc = where + "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in e.absolute_path)
            msg = e.message if len(e.message) < 300 else e.message[:300] + "..."
            out.append(f"{loc}: {msg}")
        if len(errs) > 5:
            out.append(f"{where}: ... and {len(errs) - 5} more schema errors")
        return out

    def match(self, path):
        """-> (template, path item, {param: raw value}) or None."""
        segs = path.strip("/").split("/") if path != "/" else []
        if path != "/" and (path.endswith("/") or "" in segs):
            return None
        for template, tsegs, _, item in self.routes:
            if len(tsegs) != len(segs):
                continue
            params = {}
            for t, s in zip(tsegs, segs):
                if t.startswith("{") and t.endswith("}"):
                    params[t[1:-1]] = s
                elif t != urllib.parse.unquote(s):  # %61nnotate is annotate (RFC 3986 6.2.2.2)
                    break
            else:
                return template, item, params
        return None

    def params_of(self, item, op):
        """Parameters of an operation (path-level ones overridden by the operation's)."""
        out = {}
        for p in (item.get("parameters") or []) + (op.get("parameters") or []):
            p = self.deref(p)
            out[(p["in"], p["name"])] = p
        return out


def decode_param(p, raw):
    """Turn a raw string into the value its parameter schema describes; None if it can't."""
    schema = p.get("schema", {})
    t = schema.get("type")
    if t == "integer":
        return int(raw) if re.fullmatch(r"-?[0-9]+", raw) else None
    if t == "array":
        items = raw.split(",")
        if (schema.get("items") or {}).get("type") == "integer":
            return [int(x) if re.fullmatch(r"-?[0-9]+", x) else x for x in items]
        return items
    return raw


def header_value(p_schema, raw):
    if p_schema.get("type") == "integer":
        return int(raw) if re.fullmatch(r"[0-9]+", raw.strip()) else raw
    return raw


def parse_link_header(value):
    """'</a>; rel="next", </b>; rel="prev"' -> {'next': '/a', 'prev': '/b'}."""
    out = {}
    for m in re.finditer(r'<([^>]*)>\s*;\s*rel="?([A-Za-z]+)"?', value or ""):
        out[m.group(2)] = m.group(1)
    return out


def walk(node):
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


class Checker:
    def __init__(self, spec):
        self.spec = spec

    # ---- one response -------------------------------------------------------
    def check(self, rec, body):
        """Return the list of problems with one recorded response (empty when it conforms)."""
        fails = []
        spec = self.spec
        method = str(rec.get("method", "")).upper()
        path = rec.get("path", "")
        query = rec.get("query") or ""
        status = rec.get("status")
        headers = {str(k).lower(): (", ".join(v) if isinstance(v, list) else str(v))
                   for k, v in (rec.get("headers") or {}).items()}
        if not isinstance(status, int) or not path.startswith("/"):
            return ["dump record lacks an integer status or a path starting with '/'"]

        # Transport: gzip and the headers every response carries.
        enc = headers.get("content-encoding", "").strip().lower()
        if enc == "gzip":
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError) as e:
                return [f"Content-Encoding: gzip but the body does not gunzip: {e}"]
            if "accept-encoding" not in headers.get("vary", "").lower():
                fails.append("gzip response without 'Vary: Accept-Encoding'")
        elif enc and enc != "identity":
            fails.append(f"unexpected Content-Encoding {enc!r}")

        malformed = bool(BAD_PERCENT.search(path) or BAD_PERCENT.search(query))
        query_pairs = []
        if not malformed:
            query_pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        query_map = dict(query_pairs)  # the last of repeated parameters wins, as in the server

        m = spec.match(path)
        op = get_op = None
        template = None
        path_params = {}
        if m is None:
            if status not in (400, 404, 405) or (status == 400 and not malformed):
                fails.append(f"path matches no route in the spec, so expected 404 (or 405) problem, got {status}")
            response = spec.deref(spec.doc["components"]["responses"]["Problem"])
        else:
            template, item, path_params = m
            op = item.get(method.lower()) if method.lower() in METHODS else None
            allowed = sorted(k.upper() for k in item if k in METHODS)
            if op is None:
                if status == 405:
                    allow = {a.strip().upper() for a in headers.get("allow", "").split(",") if a.strip()}
                    if not allow:
                        fails.append("405 without an Allow header")
                    elif allow != set(allowed):
                        fails.append(f"Allow: {headers.get('allow')!r} but the spec has {', '.join(allowed)} for {template}")
                elif status not in (400, 404):
                    fails.append(f"{method} is not in the spec for {template}, so expected 405 problem, got {status}")
                response = spec.deref(spec.doc["components"]["responses"]["Problem"])
            else:
                get_op = item.get("get") if method == "HEAD" else op
                if method == "HEAD" and get_op is None:
                    fails.append(f"HEAD documented for {template} but GET is not")
                    get_op = op
                response = self.find_response(get_op, status)
                if response is None:
                    declared = ", ".join(str(k) for k in get_op.get("responses", {}))
                    fails.append(f"status {status} is not declared for {method} {template} (declared: {declared})")
                    return fails
                fails += self.check_params(item, get_op, path_params, query_pairs, status, malformed)

        fails += self.check_response(response, method, status, headers, body, rec, get_op,
                                     template, path_params, query_map)
        return list(dict.fromkeys(fails))

    @staticmethod
    def find_response(op, status):
        responses = op.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                return responses[key]
        return None

    def check_params(self, item, op, path_params, query_pairs, status, malformed):
        """A request the spec calls invalid must not succeed; 400s name the parameter."""
        fails = []
        spec = self.spec
        params = spec.params_of(item, op)
        if malformed:
            if status < 400:
                fails.append(f"malformed percent-encoding in the request, but status {status} (expected 400)")
            return fails
        for name, raw in path_params.items():
            p = params.get(("path", name))
            if p is None:
                fails.append(f"path parameter {{{name}}} is not declared")
                continue
            value = urllib.parse.unquote(raw)
            if spec.schema_errors(p.get("schema", {}), decode_param(p, value)) and status < 400:
                fails.append(f"path parameter {name}={value!r} violates its schema, but status {status} (expected 404)")
        bad = []
        for name, value in dict(query_pairs).items():  # the last of repeated parameters wins
            p = params.get(("query", name))
            if p is None:
                continue  # unknown parameters are ignored by the server
            decoded = decode_param(p, value)
            if decoded is None or spec.schema_errors(p.get("schema", {}), decoded):
                bad.append(name)
        if bad and status < 400:
            fails.append(f"invalid query parameter(s) {', '.join(bad)} but status {status} (expected 400)")
        return fails

    def check_response(self, response, method, status, headers, body, rec, get_op, template,
                       path_params, query_map):
        fails = []
        spec = self.spec
        response = spec.deref(response)
        content = response.get("content") or {}
        ctype = headers.get("content-type")
        media = None
        empty_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
        if empty_body and body:
            fails.append(f"{'HEAD' if method == 'HEAD' else status} response must have an empty body, got {len(body)} bytes")
        if content:
            if ctype is None:
                if not (empty_body and status in (204, 304)):
                    fails.append("no Content-Type header")
            else:
                media, mparams = split_media(ctype)
                if media not in content:
                    fails.append(f"Content-Type {ctype!r} is not declared for status {status} "
                                 f"(declared: {', '.join(content)})")
                    media = None
                elif needs_charset(media) and mparams.get("charset") != "utf-8":
                    fails.append(f"Content-Type {ctype!r} lacks charset=utf-8")
        elif body and not empty_body:
            fails.append(f"status {status} declares no body but got {len(body)} bytes")

        # Headers: required ones present, every declared one well-formed.
        for name, h in (response.get("headers") or {}).items():
            if name.lower() == "content-type":
                continue
            h = spec.deref(h)
            value = headers.get(name.lower())
            if value is None:
                if h.get("required"):
                    fails.append(f"missing required header {name}")
                continue
            schema = h.get("schema", {})
            for e in spec.schema_errors(schema, header_value(spec.deref(schema), value), where=name):
                fails.append(f"header {e}")

        if media is None or empty_body:
            return fails
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            return fails + [f"body is not UTF-8: {e}"]
        if is_json_media(media):
            try:
                data = json.loads(text)
            except ValueError as e:
                return fails + [f"body is not JSON: {e}"]
        elif media.endswith("yaml"):
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as e:
                return fails + [f"body is not YAML: {e}"]
        else:
            data = text
        schema = content[media].get("schema")
        if schema is not None:
            # A YAML body described as `type: string` is checked as text.
            fails += spec.schema_errors(schema, text if schema.get("type") == "string" else data)
        if op_id_of(get_op) in ("getOpenapiYaml", "getOpenapiJson"):
            fails += self.check_served_spec(data)
        if isinstance(data, (dict, list)):
            fails += self.semantics(data, status, headers, rec, get_op, template, path_params, query_map)
        return fails

    def check_served_spec(self, doc):
        """The served API description must describe the same API as openapi.yaml."""
        mine = self.spec.doc
        if not isinstance(doc, dict):
            return ["served API description is not an object"]
        fails = []
        if (doc.get("info") or {}).get("version") != mine["info"]["version"]:
            fails.append(f"served API description has info.version {(doc.get('info') or {}).get('version')!r}, "
                         f"openapi.yaml {mine['info']['version']!r}")
        served, ours = set(doc.get("paths") or {}), set(mine.get("paths") or {})
        if served != ours:
            fails.append(f"served API description differs from openapi.yaml in paths: "
                         f"only served {sorted(served - ours)}, only in openapi.yaml {sorted(ours - served)}")
        return fails

    # ---- what a schema cannot say ------------------------------------------
    def semantics(self, data, status, headers, rec, op, template, path_params, query_map):
        fails = []
        path = rec.get("path", "")
        op_id = (op or {}).get("operationId", "")
        if isinstance(data, dict) and status >= 400:
            if data.get("status") != status:
                fails.append(f"problem status {data.get('status')!r} differs from HTTP status {status}")
            want = PROBLEM_TYPES.get(status)
            if want and data.get("type") != want:
                fails.append(f"problem type {data.get('type')!r} for status {status} (expected {want!r})")
            if "%" not in path and "instance" in data and data["instance"] != path:
                fails.append(f"problem instance {data['instance']!r} differs from the request path {path!r}")
            rid = headers.get("x-request-id")
            if "request_id" in data and rid is not None and data["request_id"] != rid:
                fails.append(f"problem request_id {data['request_id']!r} differs from X-Request-Id {rid!r}")
            if status == 405 and "allow" not in headers:
                fails.append("405 without an Allow header")
            return fails

        # Quote offsets: text == paragraph[start, end), so their difference is its length.
        for node in walk(data):
            if isinstance(node, dict) and node.get("kind") in QUOTE_KINDS and \
                    isinstance(node.get("text"), str) and isinstance(node.get("start"), int) and \
                    isinstance(node.get("end"), int) and node["end"] - node["start"] != len(node["text"]):
                fails.append(f"quote {node.get('id')!r}: end - start = {node['end'] - node['start']} "
                             f"but text has {len(node['text'])} code points")
                break

        if not isinstance(data, dict):
            return fails
        art = path_params.get("id")
        if art is not None and "/v1/articles/{id}" in (template or ""):
            for node in walk(data):
                if isinstance(node, dict) and "article" in node and isinstance(node["article"], str) \
                        and node["article"] != art:
                    fails.append(f"item {node.get('id')!r} has article {node['article']!r} under /v1/articles/{art}")
                    break
        if op_id == "getArticle":
            if data.get("id") != art:
                fails.append(f"article id {data.get('id')!r} differs from the requested {art!r}")
            props = set(self.article_fields())
            if "fields" in query_map:
                want = set(query_map["fields"].split(",")) | {"id"}
            else:
                want = props
            if set(data) != want:
                missing, extra = sorted(want - set(data)), sorted(set(data) - want)
                fails.append(f"article fields: missing {missing}, unexpected {extra}"
                             + (f" for fields={query_map['fields']}" if "fields" in query_map else ""))
        if op_id == "getQuote" and data.get("id") != path_params.get("quote"):
            fails.append(f"quote id {data.get('id')!r} differs from the requested {path_params.get('quote')!r}")
        if op_id == "getSpeaker" and data.get("id") != path_params.get("speaker"):
            fails.append(f"speaker id {data.get('id')!r} differs from the requested {path_params.get('speaker')!r}")
        if op_id == "getSpeaker" and isinstance(data.get("quotes"), list):
            if any(isinstance(q, dict) and q.get("speaker") != data.get("id") for q in data["quotes"]):
                fails.append("speaker detail lists a quote of another speaker")
            if data.get("quote_count") != len(data["quotes"]):
                fails.append(f"speaker quote_count {data.get('quote_count')} but {len(data['quotes'])} quotes")

        items = data.get("items")
        if isinstance(items, list) and isinstance(data.get("total"), int):
            fails += self.check_list(data, items, headers, query_map, op)
        return fails

    def article_fields(self):
        for s in self.spec.store.values():
            if isinstance(s, dict) and s.get("$id") == "article.json":
                return s["$defs"]["fields"]["properties"].keys()
        return ()

    def check_list(self, data, items, headers, query_map, op):
        fails = []
        total = data["total"]
        tc = headers.get("x-total-count")
        if tc is not None and tc.strip() != str(total):
            fails.append(f"X-Total-Count {tc!r} differs from total {total}")
        if "limit" not in data:  # an unpaginated list (sections)
            if total != len(items):
                fails.append(f"total {total} but {len(items)} items")
            return fails
        limit, offset = data.get("limit"), data.get("offset")
        if not isinstance(limit, int) or not isinstance(offset, int):
            return fails
        want_limit = int(query_map["limit"]) if re.fullmatch(r"[0-9]+", query_map.get("limit", "x")) else 20
        want_offset = int(query_map["offset"]) if re.fullmatch(r"[0-9]+", query_map.get("offset", "x")) else 0
        if limit != want_limit:
            fails.append(f"limit {limit} but the request asked for {want_limit}")
        if offset != want_offset:
            fails.append(f"offset {offset} but the request asked for {want_offset}")
        expect_n = max(0, min(limit, total - offset))
        if len(items) != expect_n:
            fails.append(f"{len(items)} items with total={total} limit={limit} offset={offset} (expected {expect_n})")
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        has_next, has_prev = offset + limit < total, offset > 0
        if (links.get("next") is not None) != has_next:
            fails.append(f"links.next is {links.get('next')!r} with total={total} limit={limit} offset={offset}")
        if (links.get("prev") is not None) != has_prev:
            fails.append(f"links.prev is {links.get('prev')!r} with offset={offset}")
        rels = parse_link_header(headers.get("link"))
        for rel in ("next", "prev"):
            if links.get(rel) != rels.get(rel):
                fails.append(f"Link header rel={rel} is {rels.get(rel)!r} but links.{rel} is {links.get(rel)!r}")
        # Filters the list claims to apply.
        dicts = [i for i in items if isinstance(i, dict)]
        if "kind" in query_map and any(i.get("kind") != query_map["kind"] for i in dicts):
            fails.append(f"kind={query_map['kind']} but an item has another kind")
        query_names = {self.spec.deref(p).get("name") for p in (op or {}).get("parameters", [])
                       if self.spec.deref(p).get("in") == "query"}
        if "speaker" in query_map and "speaker" in query_names and \
                any(i.get("speaker") != query_map["speaker"] for i in dicts):
            fails.append(f"speaker={query_map['speaker']} but an item has another speaker")
        if "q" in query_map:
            words = query_map["q"].lower().split()
            for i in dicts:
                text = str(i.get("text", "")).lower()
                if not all(w in text for w in words):
                    fails.append(f"q={query_map['q']!r} but item {i.get('id')!r} lacks a word of it")
                    break
        return fails

    # ---- the spec's own examples -------------------------------------------
    def check_examples(self):
        """Yield (where, problems) for every example of a media type with a schema."""
        spec = self.spec

        def media_objects(node, where):
            if isinstance(node, dict):
                if "schema" in node and ("example" in node or "examples" in node):
                    yield where, node
                for k, v in node.items():
                    yield from media_objects(v, f"{where}/{k}")
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    yield from media_objects(v, f"{where}/{i}")

        for where, mo in media_objects(spec.doc, "#"):
            schema = mo["schema"]
            if "in" in mo:  # a parameter: its example is the raw string
                continue
            examples = []
            if "example" in mo:
                examples.append(("example", mo["example"]))
            for name, ex in (mo.get("examples") or {}).items():
                examples.append((name, spec.deref(ex).get("value")))
            for name, value in examples:
                yield f"{where} example {name}", spec.schema_errors(schema, value, where="example")


# ---- running over a dump directory --------------------------------------------
def describe(rec):
    q = rec.get("query") or ""
    return f"{rec.get('method')} {rec.get('path')}{'?' + q if q else ''} -> {rec.get('status')}"


def sort_key(name):
    stem = name[:-5]
    return (0, int(stem), "") if stem.isdigit() else (1, 0, stem)


def run(spec_path, dump_dir):
    spec = Spec(spec_path)
    checker = Checker(spec)
    passed = failed = 0
    for where, probs in checker.check_examples():
        if probs:
            failed += 1
            for p in probs:
                print(f"FAIL spec {where}: {p}")
        else:
            passed += 1
    names = sorted((n for n in os.listdir(dump_dir) if n.endswith(".json")), key=sort_key) \
        if os.path.isdir(dump_dir) else []
    if not names:
        print(f"FAIL {dump_dir}: no dumped responses (N.json) to check; did the integration tests run?")
        failed += 1
    for name in names:
        try:
            with open(os.path.join(dump_dir, name), encoding="utf-8") as f:
                rec = json.load(f)
            with open(os.path.join(dump_dir, rec.get("body_file") or name[:-5] + ".body"), "rb") as f:
                body = f.read()
        except (OSError, ValueError) as e:
            print(f"FAIL {name}: cannot read the dump: {e}")
            failed += 1
            continue
        probs = checker.check(rec, body)
        if probs:
            failed += 1
            for p in probs:
                print(f"FAIL {name} {describe(rec)}: {p}")
        else:
            passed += 1
    print(f"validate: {passed} passed, {failed} failed")
    return 1 if failed else 0


# ---- selftest: the checker must tell good from bad ------------------------------
def selftest(spec_path):
    spec = Spec(spec_path)
    checker = Checker(spec)
    ex = {k: spec.deref(v)["value"] for k, v in spec.doc["components"]["examples"].items()}
    common = {
        "x-request-id": "3f2a9c1e0b7d4e65",
        "access-control-allow-origin": "*",
        "access-control-expose-headers": "ETag, Link, X-Total-Count, X-Request-Id, Retry-After, Allow",
    }
    ok = dict(common, **{"etag": '"a1b2c3"', "cache-control": "public, max-age=60",
                         "vary": "Accept-Encoding", "content-type": "application/json; charset=utf-8"})
    prob_h = dict(common, **{"content-type": "application/problem+json; charset=utf-8"})

    def case(name, expect_ok, method, path, status, headers, body, query="", want=None):
        if not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        rec = {"method": method, "path": path, "query": query, "status": status,
               "headers": {k: v for k, v in headers.items() if v is not None}}
        return name, expect_ok, rec, body, want

    def edit(d, **kw):
        d = json.loads(json.dumps(d))
        for k, v in kw.items():
            if v is DEL:
                del d[k]
            else:
                d[k] = v
        return d

    DEL = object()
    art = ex["Article"]
    quote = ex["Quote"]
    alist = ex["ArticleList"]
    qlist = ex["QuoteList"]
    A = "/v1/articles/paris-attacks"
    list_h = dict(ok, **{"x-total-count": str(alist["total"])})
    qlist_h = dict(ok, **{"x-total-count": str(qlist["total"]),
                          "link": f'<{qlist["links"]["next"]}>; rel="next", <{qlist["links"]["prev"]}>; rel="prev"'})
    opt_h = dict(common, **{"allow": "GET, HEAD, OPTIONS", "access-control-allow-methods": "GET, HEAD, OPTIONS",
                            "access-control-allow-headers": "Accept, Content-Type, If-None-Match",
                            "access-control-max-age": "86400"})
    no404 = ex["NoArticle"]
    not_found = dict(no404, instance="/v1/articles/nope")
    mna = edit(ex["MethodNotAllowed"], instance=A)
    gz = dict(list_h, **{"content-encoding": "gzip"})
    quote_list_q = "speaker=paul-cruickshank&limit=2&offset=2"
    cases = [
        # good
        case("index", True, "GET", "/", 200, ok, ex["Index"]),
        case("full article", True, "GET", A, 200, ok, art),
        case("article ?fields", True, "GET", A, 200, ok, ex["ArticleFields"], query="fields=title,speakers"),
        case("quote", True, "GET", A + "/quotes/q1", 200, ok, quote),
        case("quote list page 2", True, "GET", A + "/quotes", 200, qlist_h, qlist, query=quote_list_q),
        case("gzip article list", True, "GET", "/v1/articles", 200, gz, gzip.compress(json.dumps(alist).encode())),
        case("speaker detail", True, "GET", A + "/speakers/buck-sexton", 200, ok, ex["SpeakerDetail"]),
        case("health no-store", True, "GET", "/healthz", 200, dict(ok, **{"cache-control": "no-store"}), ex["Health"]),
        case("annotation", True, "POST", "/v1/annotate", 200,
             dict(common, **{"content-type": "application/json; charset=utf-8", "cache-control": "no-store"}),
             ex["Annotation"]),
        case("pretty= and a repeated limit (last wins)", True, "GET", "/v1/articles", 200, list_h, alist,
             query="pretty=&limit=0&limit=20"),
        case("304", True, "GET", A, 304, {k: v for k, v in ok.items() if k != "content-type"}, b""),
        case("HEAD", True, "HEAD", "/v1/articles", 200, list_h, b""),
        case("OPTIONS", True, "OPTIONS", A, 204, opt_h, b""),
        case("404 problem", True, "GET", "/v1/articles/nope", 404, prob_h, not_found),
        case("404 unknown route", True, "GET", "/v2", 404, prob_h, ex["NoRoute"]),
        case("405 with Allow", True, "DELETE", A, 405, dict(prob_h, allow="GET, HEAD, OPTIONS"), mna),
        case("400 limit=0", True, "GET", "/v1/articles", 400, prob_h, ex["BadLimit"], query="limit=0"),
        case("metrics text", True, "GET", "/metrics", 200,
             dict(ok, **{"cache-control": "no-store", "content-type": "text/plain; version=0.0.4; charset=utf-8"}),
             b"# TYPE articled_requests_total counter\narticled_requests_total 3\n"),
        case("openapi.json", True, "GET", "/openapi.json", 200, ok, spec.doc),
        # bad
        case("served spec lacks a path", False, "GET", "/openapi.json", 200, ok,
             dict(spec.doc, paths={k: v for k, v in spec.doc["paths"].items() if k != "/v1/quotes"}),
             want="/v1/quotes"),
        case("article missing id", False, "GET", A, 200, ok, edit(art, id=DEL), want="'id' is a required"),
        case("article missing quotes", False, "GET", A, 200, ok, edit(art, quotes=DEL), want="article fields"),
        case("article extra property", False, "GET", A, 200, ok, edit(art, extra=1), want="Additional properties"),
        case("quote kind bogus", False, "GET", A + "/quotes/q1", 200, ok, edit(quote, kind="bogus"), want="bogus"),
        case("quote speaker not nullable string", False, "GET", A + "/quotes/q1", 200, ok, edit(quote, speaker=5)),
        case("quote offsets disagree", False, "GET", A + "/quotes/q1", 200, ok, edit(quote, end=3), want="code points"),
        case("404 as text/html", False, "GET", "/v1/articles/nope", 404,
             dict(common, **{"content-type": "text/html; charset=utf-8"}), b"<h1>Not Found</h1>", want="not declared"),
        case("JSON without charset", False, "GET", "/", 200, dict(ok, **{"content-type": "application/json"}),
             ex["Index"], want="charset"),
        case("missing X-Request-Id", False, "GET", "/", 200, {k: v for k, v in ok.items() if k != "x-request-id"},
             ex["Index"], want="X-Request-Id"),
        case("weak ETag", False, "GET", "/", 200, dict(ok, etag='W/"a1"'), ex["Index"], want="ETag"),
        case("no-store on a /v1 resource", False, "GET", A, 200, dict(ok, **{"cache-control": "no-store"}), art),
        case("X-Total-Count wrong", False, "GET", "/v1/articles", 200, dict(list_h, **{"x-total-count": "7"}),
             alist, want="X-Total-Count"),
        case("missing Link next", False, "GET", A + "/quotes", 200, dict(qlist_h, link=None), qlist,
             query=quote_list_q, want="Link"),
        case("200 for limit=0", False, "GET", "/v1/articles", 200, list_h, alist, query="limit=0", want="limit"),
        case("200 for kind=bogus", False, "GET", A + "/quotes", 200, list_h, alist, query="kind=bogus"),
        case("HEAD with a body", False, "HEAD", "/v1/articles", 200, list_h, alist, want="empty body"),
        case("304 with a body", False, "GET", A, 304, ok, art, want="empty body"),
        case("status 418 (only 'default' fits)", False, "GET", A, 418, prob_h, edit(no404, status=418), want="418"),
        case("problem status mismatch", False, "GET", "/v1/articles/nope", 404, prob_h,
             edit(not_found, status=400, type="/problems/bad-request"), want="differs"),
        case("405 without Allow", False, "DELETE", A, 405, prob_h, mna, want="Allow"),
        case("405 Allow differs", False, "DELETE", A, 405, dict(prob_h, allow="GET"), mna, want="Allow"),
        case("unknown route answered 200", False, "GET", "/v2", 200, ok, ex["Index"]),
        case("bad gzip", False, "GET", "/v1/articles", 200, gz, b"not gzip", want="gunzip"),
        case("OPTIONS without Allow", False, "OPTIONS", A, 204, dict(opt_h, allow=None), b"", want="Allow"),
        case("annotation with links", False, "POST", "/v1/annotate", 200,
             dict(common, **{"content-type": "application/json; charset=utf-8", "cache-control": "no-store"}),
             edit(ex["Annotation"], links={"self": "/v1/articles/adhoc"})),
        case("not JSON", False, "GET", "/", 200, ok, b"{", want="not JSON"),
    ]
    failures = 0
    for name, expect_ok, rec, body, want in cases:
        probs = checker.check(rec, body)
        got_ok = not probs
        if got_ok != expect_ok:
            failures += 1
            print(f"FAIL selftest {name}: expected {'pass' if expect_ok else 'fail'}, got "
                  f"{'pass' if got_ok else 'fail: ' + '; '.join(probs)}")
        elif want and not any(want.lower() in p.lower() for p in probs):
            failures += 1
            print(f"FAIL selftest {name}: failed for another reason than {want!r}: {'; '.join(probs)}")
    # The examples of the spec must themselves be valid, and a broken one must be caught.
    bad_examples = [(w, p) for w, p in checker.check_examples() if p]
    for w, p in bad_examples:
        failures += 1
        print(f"FAIL selftest spec {w}: {p[0]}")
    print(f"selftest: {len(cases) - failures} of {len(cases)} cases classified right" if not failures
          else f"selftest: {failures} failed")
    return 1 if failures else 0


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "--selftest":
            return selftest(argv[2])
        if len(argv) == 3:
            return run(argv[1], argv[2])
    except (OSError, ValueError, yaml.YAMLError, KeyError) as e:
        print(f"FAIL validate.py setup: {type(e).__name__}: {e}")
        print("validate: 0 passed, 1 failed")
        return 2
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
