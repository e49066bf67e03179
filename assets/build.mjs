// `make assets`: builds every file the pages load into build/static/, each named after its
// content (name.<sha256>.ext, served for a year as immutable), with .br and .gz beside it
// (served by WhiteNoise), and build/manifest.json mapping logical names to those files.
//
//   dsfr.css          DSFR core + the components we use (assets/config.json), the icon classes
//                     found in templates/ and registry/static/, the Marianne faces we draw with;
//                     its fonts and icons are copied to dsfr/ with a content hash (esbuild).
//                     Without DSFR's "legacy" layer (Internet Explorer 11, outside RGAA's
//                     reference browsers): every browser we serve has CSS variables and modules
//   dsfr.module.js    DSFR's JavaScript core + the components we use
//   plotly.js         plotly.js from the pinned npm package with only our trace types
//   favicon.svg, registry.css, dashboards.js, declaration.js (registry/static/, minified)
//
// Only pinned npm packages (package-lock.json) and Node's standard library are used.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync,
  writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "package.json"));
const CONFIG = JSON.parse(readFileSync(join(ROOT, "assets", "config.json"), "utf8"));
const DSFR = join(ROOT, "node_modules", "@gouvfr", "dsfr", "dist");
const PLOTLY = dirname(require.resolve("plotly.js/package.json"));
const BUILD = join(ROOT, "build");
const STAGE = join(BUILD, "stage");
const OUT = join(BUILD, "static");
const COMPRESSIBLE = /\.(css|js|svg|json|txt|map)$/;

function walk(directory, pattern) {
  const found = [];
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) found.push(...walk(path, pattern));
    else if (pattern.test(entry)) found.push(path);
  }
  return found;
}

/** The fr-icon-* classes the templates and our scripts use. */
export function usedIcons() {
  const sources = [...walk(join(ROOT, "templates"), /\.html$/),
    ...walk(join(ROOT, "registry", "static"), /\.(js|css)$/)];
  const icons = new Set();
  for (const file of sources) {
    for (const match of readFileSync(file, "utf8").matchAll(/fr-icon-[a-z0-9-]*[a-z0-9]/g)) {
      icons.add(match[0]);
    }
  }
  return [...icons].sort();
}

/** Split a CSS text into its top-level blocks: [prelude, body] or [statement, null]. */
function blocks(css) {
  const parts = [];
  let depth = 0, start = 0, open = -1, quote = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote) { if (c === "\\") i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "/" && css[i + 1] === "*") { const end = css.indexOf("*/", i + 2); i = end + 1; if (depth === 0) start = i + 1; }
    else if (c === "{") { if (depth++ === 0) open = i; }
    else if (c === "}") {
      if (--depth === 0) { parts.push([css.slice(start, open).trim(), css.slice(open + 1, i)]); start = i + 1; }
    } else if (c === ";" && depth === 0) { parts.push([css.slice(start, i).trim(), null]); start = i + 1; }
  }
  return parts;
}

/** Keep the rules (and the selectors in them) that name one of `classes`, inside @media too. */
export function pickRules(css, classes) {
  const names = classes.map((name) => new RegExp(`\\.${name}(?![\\w-])`));
  let kept = "";
  for (const [prelude, body] of blocks(css)) {
    if (body === null) continue;
    if (prelude.startsWith("@media") || prelude.startsWith("@supports")) {
      const inner = pickRules(body, classes);
      if (inner) kept += `${prelude}{${inner}}`;
    } else if (!prelude.startsWith("@")) {
      const selectors = prelude.split(",").filter((s) => names.some((n) => n.test(s)));
      if (selectors.length) kept += `${selectors.join(",")}{${body}}`;
    }
  }
  return kept;
}

/** Only the @font-face rules of the configured faces, woff2 only (every browser we serve). */
function trimFonts(css) {
  return css.replace(/@font-face\{[^}]*\}/g, (rule) => {
    const family = /font-family:"?([\w ]+)"?/.exec(rule)[1];
    const style = /font-style:(\w+)/.exec(rule)[1];
    const weight = Number(/font-weight:(\d+)/.exec(rule)[1]);
    const wanted = CONFIG.fonts.some((f) => f.family === family && f.style === style && f.weight === weight);
    if (!wanted) return "";
    return rule.replace(/src:([^;}]*)/, (_, src) => `src:${src.split(",").filter((s) => s.includes("woff2")).join(",")}`);
  });
}

/** esbuild plugin: virtual entry points and the DSFR core with trimmed fonts. */
function registryPlugin(icons) {
  return {
    name: "registry",
    setup(build) {
      build.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path, namespace: "registry" }));
      build.onLoad({ filter: /^virtual:dsfr\.css$/, namespace: "registry" }, () => ({
        contents: CONFIG.dsfr_css.map((name) => name === "core"
          ? '@import "virtual:dsfr-core.css";'
          : ["main", "print"].map((part) => `@import "${join(DSFR, "component", name, `${name}.${part}.min.css`)}";`).join("\n")).join("\n")
          + '\n@import "virtual:dsfr-utility.css";\n',
        loader: "css",
        resolveDir: ROOT,
      }));
      build.onLoad({ filter: /^virtual:dsfr-core\.css$/, namespace: "registry" }, () => ({
        contents: ["main", "print"].map((part) => trimFonts(readFileSync(join(DSFR, "core", `core.${part}.min.css`), "utf8"))).join("\n"),
        loader: "css",
        resolveDir: join(DSFR, "core"),
      }));
      build.onLoad({ filter: /^virtual:dsfr-utility\.css$/, namespace: "registry" }, () => ({
        contents: pickRules(readFileSync(join(DSFR, "utility", "utility.main.min.css"), "utf8"),
          [...icons, ...CONFIG.dsfr_utility_classes]),
        loader: "css",
        resolveDir: join(DSFR, "utility"),
      }));
      build.onLoad({ filter: /^virtual:plotly\.js$/, namespace: "registry" }, () => ({
        contents: [
          "var Plotly = require('plotly.js/lib/core');",
          "Plotly.register([",
          ...CONFIG.plotly_traces.filter((t) => t !== "scatter")
            .map((t) => `  require('plotly.js/lib/${t}'),`),
          "]);",
          "module.exports = Plotly;",
        ].join("\n"),
        loader: "js",
        resolveDir: ROOT,
      }));
      // Map traces' stylesheet (plotly.js's registry requires it for map subplots only).
      build.onLoad({ filter: /\.css$/, namespace: "file" }, (args) => (
        args.path.includes("maplibre-gl") ? { contents: "", loader: "js" } : undefined));
    },
  };
}

async function buildDsfrCss(icons) {
  const result = await esbuild.build({
    entryPoints: { dsfr: "virtual:dsfr.css" },
    bundle: true,
    minify: true,
    outdir: STAGE,
    metafile: true,
    assetNames: "dsfr/[name]-[hash]",
    loader: { ".woff2": "file", ".woff": "file", ".svg": "file" },
    plugins: [registryPlugin(icons)],
    logLevel: "warning",
  });
  // Logical names of the fonts (for <link rel="preload">) -> their hashed files.
  const fonts = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    for (const input of Object.keys(meta.inputs)) {
      if (input.endsWith(".woff2")) fonts[`fonts/${input.split("/").pop()}`] = relative(STAGE, output);
    }
  }
  return fonts;
}

function buildDsfrJs() {
  // Each DSFR file is a module of its own (top-level const): one block each keeps them apart.
  const module = CONFIG.dsfr_js.map((name) => `{\n${readFileSync(name === "core"
    ? join(DSFR, "core", "core.module.min.js")
    : join(DSFR, "component", name, `${name}.module.min.js`), "utf8")}\n}`).join("\n");
  writeFileSync(join(STAGE, "dsfr.module.js"), module);
  writeFileSync(join(STAGE, "favicon.svg"), readFileSync(join(DSFR, "favicon", "favicon.svg")));
}

async function buildPlotly() {
  const version = JSON.parse(readFileSync(join(PLOTLY, "package.json"), "utf8")).version;
  await esbuild.build({
    entryPoints: { plotly: "virtual:plotly.js" },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "Plotly",
    outdir: STAGE,
    target: "es2017",
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    banner: { js: `/*! plotly.js v${version} | partial bundle: ${CONFIG.plotly_traces.join(", ")} | MIT */` },
    legalComments: "none",
    plugins: [registryPlugin([])],
    logLevel: "warning",
  });
}

async function buildOwn() {
  const sources = readdirSync(join(ROOT, "registry", "static")).filter((f) => /\.(css|js)$/.test(f));
  await esbuild.build({
    entryPoints: sources.map((f) => join(ROOT, "registry", "static", f)),
    minify: true,
    outdir: STAGE,
    target: "es2017",
    logLevel: "warning",
  });
}

/** name.ext -> name.<sha256 prefix>.ext for the top-level files; write the manifest. */
function fingerprint(fonts) {
  const manifest = {};
  for (const file of readdirSync(STAGE)) {
    const path = join(STAGE, file);
    if (statSync(path).isDirectory()) continue;
    const digest = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
    const dot = file.indexOf(".");
    const hashed = `${file.slice(0, dot)}.${digest}${file.slice(dot)}`;
    renameSync(path, join(STAGE, hashed));
    manifest[file] = hashed;
  }
  Object.assign(manifest, fonts);
  return manifest;
}

function compress() {
  for (const path of walk(STAGE, COMPRESSIBLE)) {
    const data = readFileSync(path);
    const br = brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11,
      [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } });
    const gz = gzipSync(data, { level: 9 });
    if (br.length < data.length * 0.95) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length * 0.95) writeFileSync(`${path}.gz`, gz);
  }
}

async function main() {
  if (!existsSync(DSFR)) throw new Error("node_modules is missing: run `make assets` (npm ci)");
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  const icons = usedIcons();
  const fonts = await buildDsfrCss(icons);
  buildDsfrJs();
  await buildPlotly();
  await buildOwn();
  const manifest = fingerprint(fonts);
  compress();
  rmSync(OUT, { recursive: true, force: true });
  renameSync(STAGE, OUT);
  const preload = CONFIG.fonts.filter((f) => f.preload).map((f) => {
    const face = f.weight === 700 ? "Bold" : f.weight === 500 ? "Medium" : f.weight === 300 ? "Light" : "Regular";
    return `fonts/${f.family}-${face}${f.style === "italic" ? "_Italic" : ""}.woff2`;
  });
  writeFileSync(join(BUILD, "manifest.json"), `${JSON.stringify({
    files: manifest,
    preload: preload.map((name) => manifest[name]),
    plotly_traces: CONFIG.plotly_traces,
    icons,
  }, null, 2)}\n`);
  const sizes = Object.entries(manifest).filter(([name]) => !name.startsWith("fonts/"))
    .map(([name, file]) => {
      const br = join(OUT, `${file}.br`);
      const size = statSync(existsSync(br) ? br : join(OUT, file)).size;
      return `${name} ${(size / 1024).toFixed(1)} KB`;
    });
  console.log(`build/static: ${sizes.join(", ")} (brotli)`);
}

await main();
