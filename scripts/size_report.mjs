// What the browser download is made of, by area: printed by scripts/build.mjs after each build
// (and by `node scripts/size_report.mjs` for the last one).
//
// The wasm's functions are named by the link's symbol map (--emit-symbol-map) and put in an area
// by the source file that defines them (emnm on the objects of build/wasm), or by library; code
// inlined into a function counts where that function is. Data: the venue profiles and the normal
// distribution's table are found by content, the rest is strings (error messages, names) and the
// C library's tables. Each area's bytes are gzipped alone and the results scaled to the module's
// gzipped size, so the shares add up to it (an estimate: gzip finds repeats across areas too).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Areas in print order; `dir` is the source folder (src/<dir>/) whose objects define the code.
const AREAS = [
  { key: 'pricing', label: 'pricing: Black-Scholes/76, Greeks, implied vol, batch kernel (src/pricing)' },
  { key: 'margin', label: 'margin: valuation, standard margin, account risk (src/margin)' },
  { key: 'liquidation', label: 'liquidation prices (src/liquidation)' },
  { key: 'portfolio', label: 'portfolio margin, market moves, stress tests (src/portfolio, src/scenario)' },
  { key: 'preview', label: 'trade preview, prepared accounts (src/preview)' },
  { key: 'io', label: 'JSON reading and writing, ours (src/io)' },
  { key: 'json-library', label: 'JSON library: nlohmann parser, DOM, Grisu2' },
  { key: 'decimal', label: 'decimal to double (src/common/decimal_parse)' },
  { key: 'other-core', label: 'instruments, market data, collateral, calendar, number text' },
  { key: 'profiles', label: 'venue profiles and portfolio models (profiles/, portfolio-models/*.json, compiled in)' },
  { key: 'normal-table', label: "normal distribution's table (pricing kernel)" },
  { key: 'bindings', label: 'C exports (src/bindings; _priceBatch\'s holds the batch kernel, inlined)' },
  { key: 'embind', label: 'static constructors, C++ ABI runtime' },
  { key: 'runtime', label: 'C/C++ runtime: libc++ (strings, maps, sort, vector<bool>), libm, malloc' },
  { key: 'strings', label: 'other data: messages, names, libc tables' },
  { key: 'wasm-structure', label: 'wasm structure: types, imports, exports, table' },
];

// Demangled names, as emnm and the symbol map write them; the symbol map escapes some characters
// as \XX (hex).
const unescapeName = (name) => name.replace(/\\([0-9a-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
// LTO and binaryen suffix some names (".1113", ".llvm.123", " (.2)" style): the same function.
const baseName = (name) => name.replace(/(\.llvm\.\d+|\.\d+)+$/, '');

function areaOfSource(relativePath) {
  const [dir, file] = relativePath.split(sep);
  if (dir === 'generated') return 'profiles';
  if (dir === 'common' && file.startsWith('decimal_parse')) return 'decimal';
  if (['pricing', 'margin', 'liquidation', 'preview', 'io', 'bindings'].includes(dir)) return dir;
  if (dir === 'portfolio' || dir === 'scenario') return 'portfolio';
  return 'other-core';
}

function areaOfLibraryName(name) {
  if (/^(emscripten::|_?embind|__embind|__getTypeName|__cxxabiv1|std::type_info|is_equal\()/.test(name)) return 'embind';
  if (name.includes('nlohmann::')) return 'json-library';
  return 'runtime';
}

// Which source file defines each symbol: emnm over the objects of the core and of the bindings.
function symbolSources(wasmBuild) {
  const objects = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.cpp.o')) objects.push(path);
    }
  };
  walk(join(wasmBuild, 'src', 'CMakeFiles', 'marginkit_core.dir'));
  walk(join(wasmBuild, 'src', 'bindings', 'CMakeFiles', 'marginkit_esm.dir'));
  const listing = execFileSync('emnm', ['--defined-only', '-C', ...objects],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const strong = new Map();
  const weak = new Map();
  let source = null;
  for (const line of listing.split('\n')) {
    if (line.endsWith('.cpp.o:')) {
      const object = line.slice(0, -1);
      source = object.includes(`${sep}bindings${sep}CMakeFiles${sep}`)
        ? join('bindings', object.split(sep).pop())
        : relative(join(wasmBuild, 'src', 'CMakeFiles', 'marginkit_core.dir'), object);
      continue;
    }
    const match = /^\S+ ([A-Za-z]) (.*)$/.exec(line);
    if (!match || !source) continue;
    const [, type, name] = match;
    const table = /[TtDdRrBb]/.test(type) ? strong : weak;
    if (!table.has(name)) table.set(name, source);
  }
  return { strong, weak };
}

function readLeb(bytes, offset) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[offset++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, offset];
  }
}

// The wasm's function bodies (index -> bytes) and data segments.
function parseWasm(bytes) {
  let offset = 8;
  let importedFunctions = 0;
  const bodies = [];
  const data = [];
  const structure = [];
  while (offset < bytes.length) {
    const id = bytes[offset++];
    let size;
    [size, offset] = readLeb(bytes, offset);
    const end = offset + size;
    if (id === 2) {  // imports: count the functions
      let [count, at] = readLeb(bytes, offset);
      for (; count > 0; count -= 1) {
        let length;
        [length, at] = readLeb(bytes, at); at += length;
        [length, at] = readLeb(bytes, at); at += length;
        const kind = bytes[at++];
        if (kind === 0) { [, at] = readLeb(bytes, at); importedFunctions += 1; }
        else if (kind === 1) { at += 1; let flags; [flags, at] = readLeb(bytes, at); [, at] = readLeb(bytes, at); if (flags & 1) [, at] = readLeb(bytes, at); }
        else if (kind === 2) { let flags; [flags, at] = readLeb(bytes, at); [, at] = readLeb(bytes, at); if (flags & 1) [, at] = readLeb(bytes, at); }
        else if (kind === 3) at += 2;
      }
    }
    if (id === 10) {
      let [count, at] = readLeb(bytes, offset);
      for (let i = 0; i < count; i += 1) {
        let length;
        [length, at] = readLeb(bytes, at);
        bodies.push({ index: importedFunctions + i, bytes: bytes.subarray(at, at + length) });
        at += length;
      }
    } else if (id === 11) {
      let [count, at] = readLeb(bytes, offset);
      for (; count > 0; count -= 1) {
        let flags;
        [flags, at] = readLeb(bytes, at);
        if (flags === 2) [, at] = readLeb(bytes, at);
        if (flags !== 1) {  // an offset expression: i32.const n, end
          at += 1; [, at] = readLeb(bytes, at); at += 1;
        }
        let length;
        [length, at] = readLeb(bytes, at);
        data.push(bytes.subarray(at, at + length));
        at += length;
      }
    } else {
      structure.push(bytes.subarray(offset, end));
    }
    offset = end;
  }
  return { bodies, data, structure };
}

// Where `needle` (bytes) sits in the data segments: [segment, start] or null.
function findInData(data, needle) {
  for (let s = 0; s < data.length; s += 1) {
    const at = Buffer.from(data[s].buffer, data[s].byteOffset, data[s].length).indexOf(needle);
    if (at >= 0) return [s, at];
  }
  return null;
}

// The named JSON sets as compiled in (cmake/embed_json_sets.cmake: each file's last member, the
// venue profiles' "schedule" and the portfolio models' "model", as text, whitespace dropped).
function profileTexts() {
  return [['profiles', 'schedule'], ['portfolio-models', 'model']].flatMap(([folder, member]) => {
    const dir = join(root, folder);
    return readdirSync(dir).filter((f) => f.endsWith('.json')).map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const start = text.indexOf(`"${member}":`) + member.length + 3;
      return Buffer.from(text.slice(start, text.lastIndexOf('}')).replace(/[ \t\r\n]+/g, ''));
    });
  });
}

// The normal distribution's table (src/pricing/normal_tail_table.hpp) as the doubles in the wasm.
function normalTable() {
  const text = readFileSync(join(root, 'src', 'pricing', 'normal_tail_table.hpp'), 'utf8');
  const body = text.slice(text.indexOf('kNormalTail[kNormalTailRows][9] = {'));
  const numbers = body.slice(body.indexOf('= {') + 3, body.indexOf('};'))
    .match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g).map(Number);
  return Buffer.from(new Float64Array(numbers).buffer);
}

// jsPath: the browser bundle; glueGzip: its Emscripten glue alone, minified and gzipped.
export function sizeReport({ wasmPath, symbolsPath, wasmBuild, jsPath, glueGzip }) {
  const bytes = readFileSync(wasmPath);
  const names = new Map();
  for (const line of readFileSync(symbolsPath, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) names.set(Number(line.slice(0, colon)), unescapeName(line.slice(colon + 1)));
  }
  const { strong, weak } = symbolSources(wasmBuild);
  const { bodies, data, structure } = parseWasm(bytes);

  const parts = new Map(AREAS.map((a) => [a.key, []]));
  for (const body of bodies) {
    const name = names.get(body.index) ?? '';
    const source = strong.get(name) ?? strong.get(baseName(name)) ?? weak.get(name) ?? weak.get(baseName(name));
    // Library templates are defined weakly wherever they are used: nlohmann's (and Embind's) count
    // as the library, libc++'s on our types (a vector of positions) where they are first defined.
    const library = /^(nlohmann::|emscripten::)/.test(name) || (name.startsWith('std::') && !name.includes('marginkit::'));
    const area = name === '__wasm_call_ctors' ? 'embind'
      : source && !library ? areaOfSource(source) : areaOfLibraryName(name);
    parts.get(area).push(body.bytes);
  }
  // Data: cut out what is found, the rest is strings and tables.
  const cut = (needle, area) => {
    const found = findInData(data, needle);
    if (!found) return;
    const [s, at] = found;
    parts.get(area).push(data[s].subarray(at, at + needle.length));
    data.splice(s, 1, data[s].subarray(0, at), data[s].subarray(at + needle.length));
  };
  for (const profile of profileTexts()) cut(profile, 'profiles');
  cut(normalTable(), 'normal-table');
  parts.get('strings').push(...data);
  parts.get('wasm-structure').push(...structure);

  const total = gzipSync(bytes).length;
  const rows = AREAS.map((a) => {
    const joined = Buffer.concat(parts.get(a.key));
    return { ...a, raw: joined.length, alone: joined.length ? gzipSync(joined).length : 0 };
  });
  const sumAlone = rows.reduce((s, r) => s + r.alone, 0);
  for (const r of rows) r.gzip = Math.round((r.alone * total) / sumAlone);
  const js = readFileSync(jsPath);
  return { rows, wasmRaw: bytes.length, wasmGzip: total, jsRaw: js.length, jsGzip: gzipSync(js).length, glueGzip };
}

export function formatSizeReport({ rows, wasmRaw, wasmGzip, jsRaw, jsGzip, glueGzip }) {
  const kb = (n) => (n / 1000).toFixed(1).padStart(6);
  const width = 84;
  const lines = ['build: the browser download by area, KB (gzip: each area gzipped alone, scaled to the total)'];
  lines.push(`  ${'dist/marginkit.wasm'.padEnd(width)}${'raw'.padStart(7)}${'gzip'.padStart(7)}`);
  for (const r of rows) lines.push(`    ${r.label.padEnd(width - 2)}${kb(r.raw)} ${kb(r.gzip)}`);
  lines.push(`  ${'  all of dist/marginkit.wasm'.padEnd(width)}${kb(wasmRaw)} ${kb(wasmGzip)}`);
  lines.push('  dist/marginkit.mjs (minified)');
  if (glueGzip !== undefined) {
    lines.push(`    ${'Emscripten glue'.padEnd(width - 2)}${''.padStart(7)} ${kb(glueGzip)}`);
    lines.push(`    ${'the JS API (web/src)'.padEnd(width - 2)}${''.padStart(7)} ${kb(jsGzip - glueGzip)}`);
  }
  lines.push(`  ${'  all of dist/marginkit.mjs'.padEnd(width)}${kb(jsRaw)} ${kb(jsGzip)}`);
  lines.push(`  ${'browser download'.padEnd(width)}${kb(wasmRaw + jsRaw)} ${kb(wasmGzip + jsGzip)}  (budget 128.0 gzip)`);
  return lines.join('\n');
}

// `node scripts/size_report.mjs`: the report of the last build (the glue's share not split out).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wasmBuild = join(root, 'build', 'wasm');
  const bindings = join(wasmBuild, 'src', 'bindings');
  console.log(formatSizeReport(sizeReport({
    wasmPath: join(root, 'dist', 'marginkit.wasm'),
    symbolsPath: join(bindings, 'marginkit.esm.mjs.symbols'),
    wasmBuild,
    jsPath: join(root, 'dist', 'marginkit.mjs'),
  })));
}
