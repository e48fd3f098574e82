#!/usr/bin/python3
"""bundle.py - openapi.yaml with schemas/*.json inlined, as one self-contained document.

Usage: bundle.py openapi.yaml [--json] > out

openapi.yaml refers to its schemas by relative file ($ref: './schemas/article.json'),
which a client fetching GET /openapi.yaml cannot follow. This puts every schema file
under components/schemas/<Title> (its "title", e.g. Article) and rewrites every $ref
to point there, so the output needs nothing else. YAML by default, JSON with --json.
Only Debian's python3-yaml is needed (usable from a build step).
"""
import json
import pathlib
import sys

import yaml


def bundle(spec_path):
    spec_path = pathlib.Path(spec_path)
    with open(spec_path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    schema_dir = spec_path.parent / "schemas"
    files = {}
    for p in sorted(schema_dir.glob("*.json")):
        with open(p, encoding="utf-8") as f:
            files[p.name] = json.load(f)
    names = {}
    for fname, s in files.items():
        name = s.get("title") or fname[:-5]
        name = "".join(c for c in name if c.isalnum() or c in "._-")
        if name in names.values():
            name = fname[:-5]
        names[fname] = name

    def target(fname, fragment):
        if fname not in names:
            raise SystemExit(f"bundle.py: $ref to unknown schema file {fname!r}")
        return f"#/components/schemas/{names[fname]}{fragment}"

    def rewrite(node, current):
        """current: the schema file the node comes from (None for openapi.yaml)."""
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if current is not None and k in ("$id", "$schema"):
                    continue
                if k == "$ref" and isinstance(v, str):
                    ref, _, frag = v.partition("#")
                    frag = "/" + frag.lstrip("/") if frag else ""
                    if ref:
                        v = target(pathlib.PurePosixPath(ref).name, frag)
                    elif current is not None:
                        v = target(current, frag)
                out[k] = v if k == "$ref" else rewrite(v, current)
            return out
        if isinstance(node, list):
            return [rewrite(v, current) for v in node]
        return node

    out = rewrite(doc, None)
    schemas = out.setdefault("components", {}).setdefault("schemas", {})
    for fname, s in files.items():
        schemas[names[fname]] = rewrite(s, fname)
    # components first-level keys in the usual order: schemas before the rest.
    comps = out["components"]
    out["components"] = {"schemas": comps.pop("schemas"), **comps}
    return out


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--json"):
        sys.stderr.write(__doc__)
        return 2
    doc = bundle(argv[1])
    if len(argv) == 3:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        yaml.safe_dump(doc, sys.stdout, allow_unicode=True, sort_keys=False, width=100)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
