// spec-valid.mjs FILE... - each OpenAPI document is valid against the official OpenAPI 3.1
// schema (@seriousme/openapi-schema-validator). The files of schemas/ are registered under
// the names openapi.yaml and they use for each other, since the validator follows no file $ref.
import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = path.join(root, 'schemas');
let failed = 0;
for (const file of process.argv.slice(2)) {
  const v = new Validator();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    for (const uri of [`./schemas/${f}`, f])
      await v.addSpecRef(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), uri);
  }
  const r = await v.validate(file);
  if (r.valid && v.version === '3.1') {
    console.log(`ok   ${file}: a valid OpenAPI ${v.version} document`);
  } else {
    failed++;
    console.log(`FAIL ${file}: OpenAPI ${v.version}: ${JSON.stringify(r.errors).slice(0, 2000)}`);
  }
}
process.exitCode = failed ? 1 : 0;
