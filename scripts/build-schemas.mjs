// Builds dist/marginkit.schemas.mjs, the package's validators for its input documents, from the
// JSON Schemas in schemas/: ajv compiles them here, at build time, to plain JS (standalone code),
// and esbuild bundles that with web/schemas/ into one ES module, so the published package still
// has no runtime dependency (no ajv, no code generated from strings at run time); then copies the
// hand-written type declarations. Run by scripts/build.mjs; alone: `node scripts/build-schemas.mjs`.
// The schemas are draft-07: the draft editors (VS Code, JetBrains) and most validators support in
// full; nothing here needs 2019-09 or 2020-12 (if/then/else, propertyNames and definitions are
// draft-07's; a description beside a $ref is an annotation either way).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// The API's document kinds, each with its schema file (schemas/<kind>.schema.json), compiled into
// the package's validators. common.schema.json holds shared definitions; profile.schema.json and
// portfolio-model.schema.json describe the repository's data files (profiles/, portfolio-models/),
// compiled into the engine, never passed to it: editors and the tests use those two.
export const DOCUMENT_KINDS = ['account', 'market', 'orders', 'config', 'preview-options', 'stress-moves'];

// Annotations for people, not for validation: left out of the compiled code so that it stays small
// (x-message and x-expected stay: the errors are worded with them).
const ANNOTATIONS = new Set(['description', 'title', '$comment']);

function withoutAnnotations(node) {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: a property may well be called "description".
    if (ANNOTATIONS.has(key) && typeof value === 'string') continue;
    out[key] = withoutAnnotations(value);
  }
  return out;
}

function loadSchemas(root = defaultRoot) {
  const dir = join(root, 'schemas');
  return readdirSync(dir).filter((file) => file.endsWith('.schema.json')).sort()
    .map((file) => ({ file, schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

// One schema holding them all, for ajv: every file's definitions (their names are unique across
// the files, checked here) and each document kind's root as the definition "kind-<kind>", with
// every $ref pointed into it. ajv then compiles each definition once for all the kinds that use it
// (across files it would compile one copy per referring document).
function bundleSchemas(schemas) {
  const definitions = {};
  const stemOf = (file) => file.replace(/\.schema\.json$/, '');
  const retarget = (node, stem) => {
    if (Array.isArray(node)) return node.map((item) => retarget(item, stem));
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const [file, pointer = ''] = value.split('#');
        const target = file ? stemOf(file) : stem;
        out.$ref = pointer.startsWith('/definitions/') ? `#${pointer}` : `#/definitions/kind-${target}${pointer}`;
      } else {
        out[key] = retarget(value, stem);
      }
    }
    return out;
  };
  for (const { file, schema } of schemas) {
    const stem = stemOf(file);
    const { definitions: own = {}, $id, $schema, ...root } = schema;
    for (const [name, definition] of Object.entries(own)) {
      if (definitions[name]) throw new Error(`schemas: definition '${name}' is in two files; names must be unique`);
      definitions[name] = retarget(definition, stem);
    }
    definitions[`kind-${stem}`] = retarget(root, stem);
  }
  return { $id: BUNDLE_ID, definitions };
}

const BUNDLE_ID = 'marginkit-schemas';

// The validators ajv generates, one export per kind (named kind_<n>, in DOCUMENT_KINDS order).
// Each error carries its schema node (verbose: `parentSchema`), whose x-message and x-expected
// web/schemas/messages.mjs words it with. A document's root `$schema` key is for editors; the
// engine refuses it, and so do the compiled validators (the roots lose that property here).
function generateValidators(schemas) {
  const ajv = new Ajv({
    allErrors: true,        // every problem of a document, not only the first
    strictNumbers: true,    // NaN and Infinity are no numbers (the engine: NOT_FINITE)
    // Strict (unknown keywords are errors), except where the schemas mean it: keywords that apply
    // to some types only (a vol is a number or an object: minimum for the one, properties for the
    // other), and `required` beside properties defined by the schema it extends (through allOf).
    strict: true,
    strictTypes: false,
    strictRequired: false,
    messages: false,        // errors are worded by web/schemas/messages.mjs
    verbose: true,          // ... from their schema node
    inlineRefs: false,      // each definition one function, called where used: no copies, a smaller file
    code: { source: true, esm: true, optimize: true },
  });
  ajv.addVocabulary(['x-message', 'x-expected']);
  const bundle = withoutAnnotations(bundleSchemas(schemas));
  for (const name of Object.keys(bundle.definitions)) {
    if (name.startsWith('kind-')) delete bundle.definitions[name].properties?.$schema;
  }
  ajv.addSchema(bundle);
  const exports = {};
  DOCUMENT_KINDS.forEach((kind, i) => {
    if (!bundle.definitions[`kind-${kind}`]) throw new Error(`build-schemas: no schemas/${kind}.schema.json`);
    exports[`kind_${i}`] = `${BUNDLE_ID}#/definitions/kind-${kind}`;
  });
  return standaloneCode(ajv, exports);
}

export async function buildSchemas({ root = defaultRoot, log = console.log } = {}) {
  const schemas = loadSchemas(root);
  const staging = join(root, 'build', 'schemas');
  mkdirSync(staging, { recursive: true });
  const validatorsPath = join(staging, 'validators.mjs');
  writeFileSync(validatorsPath, generateValidators(schemas));

  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const outfile = join(root, 'dist', 'marginkit.schemas.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'web', 'schemas', 'validate.mjs')],
    outfile,
    bundle: true, format: 'esm', platform: 'neutral', target: 'es2020', minify: true, logLevel: 'warning',
    banner: { js: `/* marginkit ${version} | MIT | validators generated from schemas/*.schema.json */` },
    alias: { 'marginkit-schema-validators': validatorsPath },
  });
  const text = readFileSync(outfile);
  if (/\bajv\b/.test(text.toString('utf8').replace(/^\/\*[^]*?\*\//, ''))) {
    throw new Error('build-schemas: dist/marginkit.schemas.mjs still names ajv: it must not need it at run time');
  }
  if (/new Function|eval\(/.test(text.toString('utf8'))) {
    throw new Error('build-schemas: dist/marginkit.schemas.mjs generates code from strings (breaks strict CSP)');
  }
  copyFileSync(join(root, 'web', 'marginkit.schemas.d.ts'), join(root, 'dist', 'marginkit.schemas.d.mts'));
  log(`build-schemas: dist/marginkit.schemas.mjs ${(text.length / 1024).toFixed(1)} KB, ` +
    `${(gzipSync(text).length / 1024).toFixed(1)} KB gzip (${DOCUMENT_KINDS.length} document kinds)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildSchemas();
}
