// type-of.mjs DIR NAME - print components["schemas"][NAME] of DIR/api.d.ts as tsc sees it
// (aliases and intersections expanded); run.sh prints Quote so each run records it.
import path from 'node:path';
import ts from 'typescript';

const [dir, name] = process.argv.slice(2);
const file = path.join(dir, 'probe.ts');
const src = `import type { components } from "./api";\ntype Flat<T> = { [K in keyof T]: T[K] };\n` +
  `export type Probe = Flat<components["schemas"]["${name}"]>;\n`;
const host = ts.createCompilerHost({ strict: true });
const read = host.readFile;
host.readFile = (f) => (path.resolve(f) === path.resolve(file) ? src : read(f));
host.fileExists = ((exists) => (f) => path.resolve(f) === path.resolve(file) || exists(f))(host.fileExists);
const program = ts.createProgram([file], { strict: true, noEmit: true }, host);
const checker = program.getTypeChecker();
const sf = program.getSourceFile(file);
const alias = sf.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === 'Probe');
const type = checker.getTypeAtLocation(alias.name);
console.log(checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias).replace(/\s+/g, " "));
