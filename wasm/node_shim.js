// node_shim.js: prepended (--extern-pre-js) to the ES6 module that emscripten 3.1.6 emits.
// That glue uses CommonJS `require` and `__dirname` under node, which ES modules lack; define
// them from import.meta.url. Browsers skip this block.
if (typeof process === 'object' && process.versions && process.versions.node) {
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= dirname(fileURLToPath(import.meta.url));
}
