// page_shell.js: starts the page. Appended to aeplay.js by the build (--extern-post-js), so that
// index.html needs no inline script under its Content-Security-Policy (script-src 'self').
// Runs only on a page with <canvas id="canvas">; any other embedder calls createAeplayPage itself.
//   window.aeplay.status()         -> the page's state (see App::status_json in web/app.cpp)
//   window.aeplay.loadConfig(text) -> '' or the engine's error message (the session is kept)
//   window.aeplay.configJson()     -> the applied config as JSON text
//   window.aeplay.heapBytes()      -> the WASM memory's size in bytes (it only grows)
//   window.aeplay.renderStats()    -> frames drawn and tiles redrawn (web/imgui_webgl.h)
// CSV data: the "Open CSV..." picker (#csv-file) and a file dropped anywhere on the page go to
// aeplay_import_csv (files over 50 MB are refused unread, with a message). IDX data: the
// "Open IDX..." picker (#idx-file, several files) and dropped files that look like IDX (named
// *-ubyte, *.idx*, *.gz, or starting with an IDX or gzip header) go to aeplay_import_idx, all
// together (the App tells images from labels by their dimensions; same limit). Model files: the Model
// menu's "Open model..." picker (#model-file) and a dropped .aeplay / .aemodel file go to
// aeplay_open_model (same limit).
// Image sets (mnist, fashion_mnist) are fetched from data/ when a config needs them (see below).
// Lessons: ?lesson=lessons/01_dense.json (a relative path on this site only: anything else is
// refused with a message) is fetched and opened; a .json file picked or dropped opens as a lesson
// or a config (the App tells them apart). Share links: #config=<base64url of deflate-raw JSON> is
// decoded, size-capped and checked by the App (C++); "Share link" compresses here.
// Load failures and aborts are shown in #error as text (never as HTML).
(function () {
  if (typeof document === 'undefined') return;
  var canvas = document.getElementById('canvas');
  if (!canvas) return;
  var loading = document.getElementById('loading');
  var errorBox = document.getElementById('error');
  var started = false; // the module ran: a failure now is a crash, and a reload can restore
  var stopped = false; // a failure was shown: the module is not called again
  // Text only (textContent): messages may quote user input. After a crash (an abort, a trap, a
  // lost context) the box offers a reload; the reloaded page offers the last autosave itself.
  function showError(message) {
    stopped = true;
    if (loading) loading.hidden = true;
    if (!errorBox) return;
    var text = document.getElementById('error-text') || errorBox;
    if (!errorBox.hidden) return; // the first failure is the one to read
    text.textContent = 'AE Playground stopped: ' + message;
    errorBox.hidden = false;
    var actions = document.getElementById('error-actions');
    if (!actions || !started) return;
    actions.hidden = false;
    document.getElementById('error-reload').onclick = function () { location.reload(); };
    store.load().then(function (bytes) {
      var note = document.getElementById('error-autosave');
      if (note) note.textContent = bytes && bytes.length ? 'Your last autosave will be offered after the reload.'
                                                         : 'There is no autosave to restore.';
    });
  }
  // The autosave: one checkpoint in IndexedDB (database "aeplay", store "autosave", key "session"),
  // and the last CSV file the App accepted (key "upload": {path, bytes}), which a restored csv
  // session reads. Writes are fire-and-forget; a page without IndexedDB (private mode, file://)
  // simply has none.
  var store = (function () {
    function open() {
      return new Promise(function (resolve, reject) {
        if (!self.indexedDB) { reject(new Error('no IndexedDB')); return; }
        var req = indexedDB.open('aeplay', 1);
        req.onupgradeneeded = function () { req.result.createObjectStore('autosave'); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    function run(mode, fn) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction('autosave', mode), req = fn(tx.objectStore('autosave'));
          tx.oncomplete = function () { resolve(req.result); db.close(); };
          tx.onerror = tx.onabort = function () { reject(tx.error); db.close(); };
        });
      });
    }
    var pending = 0; // writes not yet committed (tests wait for 0 before a reload)
    return {
      save: function (bytes, key) {
        pending++;
        run('readwrite', function (s) { return s.put(bytes, key || 'session'); })
          .catch(function () {}).then(function () { pending--; });
      },
      pending: function () { return pending; },
      load: function (key) { return run('readonly', function (s) { return s.get(key || 'session'); }).catch(function () { return null; }); },
    };
  })();
  window.aeplayStore = store;

  // The image sets, fetched when a config needs one (App -> platform::request_dataset): streams
  // data/<name>.bin.gz (same origin, as the CSP requires) through DecompressionStream('gzip') into
  // <path>.part in the module's file system, renames it to <path> when complete, and reports the
  // compressed bytes read (aeplay_dataset_progress, at most every 100 ms) and the outcome
  // (aeplay_dataset_loaded: '' or the reason). Nothing is held whole in JS memory.
  window.aeplayFetchDataset = function (Module, name, path) {
    var progress = function (loaded, total) {
      Module.ccall('aeplay_dataset_progress', null, ['string', 'number', 'number'], [name, loaded, total]);
    };
    var done = function (error) { Module.ccall('aeplay_dataset_loaded', null, ['string', 'string'], [name, error]); };
    var part = path + '.part', stream = null;
    fetch('data/' + name + '.bin.gz').then(function (response) {
      if (!response.ok) throw new Error('data/' + name + '.bin.gz: HTTP ' + response.status);
      if (typeof DecompressionStream === 'undefined') throw new Error('this browser has no DecompressionStream');
      var total = Number(response.headers.get('Content-Length')) || 0, loaded = 0, last = 0;
      var counted = response.body.pipeThrough(new TransformStream({
        transform: function (chunk, controller) {
          loaded += chunk.length;
          var now = performance.now();
          if (now - last > 100) { last = now; progress(loaded, total); }
          controller.enqueue(chunk);
        },
      }));
      var reader = counted.pipeThrough(new DecompressionStream('gzip')).getReader();
      var dir = path.substring(0, path.lastIndexOf('/'));
      if (dir && !Module.FS.analyzePath(dir).exists) Module.FS.mkdir(dir);
      stream = Module.FS.open(part, 'w');
      var pump = function () {
        return reader.read().then(function (r) {
          if (r.done) return;
          Module.FS.write(stream, r.value, 0, r.value.length);
          return pump();
        });
      };
      return pump().then(function () {
        Module.FS.close(stream);
        stream = null;
        Module.FS.rename(part, path);
        progress(loaded, total);
      });
    }).then(function () { done(''); }, function (err) {
      try { if (stream) Module.FS.close(stream); Module.FS.unlink(part); } catch (e) { /* nothing written */ }
      done(err && err.message ? err.message : String(err));
    });
  };

  // The App's "Share link": compress the config (deflate-raw), put it in the fragment, copy the
  // link, and report back (aeplay_share_done).
  window.aeplayShare = function (Module, text) {
    var done = function (url, error) { Module.ccall('aeplay_share_done', null, ['string', 'string'], [url, error]); };
    if (typeof CompressionStream === 'undefined') { done('', 'this browser has no CompressionStream'); return; }
    var stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    new Response(stream).arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf), bin = '';
      for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      var fragment = 'config=' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      history.replaceState(null, '', location.pathname + '#' + fragment);
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(function () {});
      done(location.href, '');
    }, function (err) { done('', err && err.message ? err.message : String(err)); });
  };

  // ?lesson=PATH: a relative path on this site (no scheme, no //host, no backslash); the URL it
  // resolves to must have the page's origin. Returns the URL, or null.
  function sameOriginLessonUrl(path) {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.indexOf('//') === 0 || path.indexOf('\\') >= 0) return null;
    var url;
    try { url = new URL(path, location.href); } catch (e) { return null; }
    return url.origin === location.origin ? url : null;
  }
  var maxLessonBytes = 256 * 1024;
  function openLessonFromUrl(Module, path) {
    var open = function (text, error) {
      Module.ccall('aeplay_open_lesson', 'string', ['string', 'string', 'string'], [path, text, error]);
    };
    var url = sameOriginLessonUrl(path);
    if (!url) {
      open('', 'the lesson URL must be a relative path on this site, like lessons/01_dense.json; got "' + path + '"');
      return;
    }
    fetch(url.href, { credentials: 'same-origin', redirect: 'error' }).then(function (response) {
      if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
      var size = Number(response.headers.get('Content-Length')) || 0;
      if (size > maxLessonBytes) throw new Error(path + ': ' + size + ' bytes; at most ' + maxLessonBytes + ' are accepted');
      return response.text();
    }).then(function (text) { open(text, ''); }, function (err) { open('', err && err.message ? err.message : String(err)); });
  }

  window.addEventListener('error', function (e) { showError(e.message || String(e.error)); });
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    showError(r && r.message ? r.message : String(r));
  });
  if (typeof WebGL2RenderingContext === 'undefined') {
    showError('this browser has no WebGL2.');
    return;
  }
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  // Touch: one finger acts as the mouse (this Emscripten's GLFW sees mouse events only), so the
  // drawing pad, sliders and buttons work on tablets, and the page does not scroll under it.
  function touchAsMouse(types) {
    return function (e) {
      var t = e.changedTouches && e.changedTouches[0];
      if (!t) return;
      e.preventDefault();
      types.forEach(function (type) {
        canvas.dispatchEvent(new MouseEvent(type, {
          clientX: t.clientX, clientY: t.clientY, screenX: t.screenX, screenY: t.screenY,
          button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true,
        }));
      });
    };
  }
  canvas.addEventListener('touchstart', touchAsMouse(['mousemove', 'mousedown']), { passive: false });
  canvas.addEventListener('touchmove', touchAsMouse(['mousemove']), { passive: false });
  canvas.addEventListener('touchend', touchAsMouse(['mouseup']), { passive: false });
  canvas.addEventListener('touchcancel', touchAsMouse(['mouseup']), { passive: false });
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    showError('the WebGL context was lost; reload the page.');
  });
  // The wasm that loader.js is already compiling (else the module fetches and compiles its own).
  var wasmModule = window.aeplayWasmModule;
  var instantiateEarly = function (imports, receiveInstance) {
    wasmModule.then(function (module) {
      return WebAssembly.instantiate(module, imports).then(function (instance) {
        receiveInstance(instance, module);
      });
    }).catch(function (err) {
      showError('could not load the WebAssembly module: ' + (err && err.message ? err.message : String(err)));
    });
    return {}; // the exports arrive through receiveInstance
  };
  createAeplayPage({
    canvas: canvas,
    instantiateWasm: wasmModule ? instantiateEarly : undefined,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    // An abort with the heap at its maximum (2 GiB) is an out-of-memory abort: say so.
    // A worker thread's abort arrives here too (emscripten posts it to the page's thread). The
    // frames stop: the canvas keeps the state at the abort.
    onAbort: function (what) {
      if (this.pauseMainLoop) this.pauseMainLoop();
      var heap = this.wasmMemory ? this.wasmMemory.buffer.byteLength : this.HEAP8 ? this.HEAP8.length : 0;
      showError(heap >= 2147483648 - 16 * 1048576
        ? 'out of memory: the page used all of the 2 GB the browser gives it. After the reload, '
          + 'use fewer samples, fewer units or a smaller batch size.'
        : 'aborted: ' + (what || 'an internal error'));
    },
  }).then(function (Module) {
    function call(name, types, args) { return Module.ccall(name, 'string', types, args); }
    window.aeplay = {
      status: function () { return JSON.parse(call('aeplay_status_json', [], [])); },
      loadConfig: function (text) { return call('aeplay_load_config', ['string'], [String(text)]); },
      configJson: function () { return call('aeplay_config_json', [], []); },
      heapBytes: function () { return Module.HEAP8.length; }, // the WASM memory's current size
      // What the renderer did: frames, frames_drawn (the others changed nothing on the canvas),
      // tiles and tiles_redrawn (summed over the frames drawn), and the check's counts.
      renderStats: function () { return JSON.parse(call('aeplay_render_stats_json', [], [])); },
      // Tests only: each frame, compare the partly redrawn canvas with a full redraw
      // (renderStats().mismatched_pixels counts the pixels that differed).
      debugCheckRender: function (on) { Module.ccall('aeplay_check_render', null, ['number'], [on ? 1 : 0]); },
      // Tests only: mallocs `bytes` (Infinity: all the heap can still give, up to its 2 GiB
      // maximum) and never frees them; returns how many were taken. Taking all makes the
      // module's next allocation fail, and emscripten aborts: a real out-of-memory abort.
      debugTakeMemory: function (bytes) {
        var taken = 0;
        for (var chunk = 1 << 28; chunk >= 16 && taken < bytes;) {
          var size = Math.min(chunk, bytes - taken);
          if (Module._malloc(size)) taken += size; else chunk >>= 1;
        }
        return taken;
      },
    };
    var input = document.getElementById('config-file');
    if (input) {
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        input.value = '';
        if (!file) return;
        file.text().then(function (text) {
          call('aeplay_import_config', ['string', 'string'], [file.name, text]);
        }, function (err) {
          call('aeplay_import_config', ['string', 'string'], [file.name, '']);
        });
      });
    }
    // CSV uploads and model files: read the bytes, hand them to the App (it stores and checks
    // them) through `entry` (aeplay_import_csv or aeplay_open_model).
    var maxUploadBytes = 50 * 1024 * 1024;
    function sendFile(entry, file) {
      var types = ['string', 'number', 'number', 'number'];
      if (file.size > maxUploadBytes) {
        Module.ccall(entry, 'string', types, [file.name, 0, 0, file.size]);
        return;
      }
      file.arrayBuffer().then(function (buf) {
        var bytes = new Uint8Array(buf), ptr = Module._malloc(Math.max(bytes.length, 1));
        Module.writeArrayToMemory(bytes, ptr);
        Module.ccall(entry, 'string', types, [file.name, ptr, bytes.length, file.size]);
        Module._free(ptr);
      }, function () {
        Module.ccall(entry, 'string', types, [file.name, 0, 0, 0]);
      });
    }
    function importCsv(file) { sendFile('aeplay_import_csv', file); }
    // IDX files, all at once: their names ('\n'-joined) and a table of (pointer, length, size)
    // per file; a file over the limit goes without its bytes (pointer 0), an unreadable one empty.
    function importIdx(files) {
      files = Array.prototype.slice.call(files);
      Promise.all(files.map(function (file) {
        if (file.size > maxUploadBytes) return null;
        return file.arrayBuffer().then(function (buf) { return new Uint8Array(buf); },
                                       function () { return new Uint8Array(0); });
      })).then(function (contents) {
        var table = Module._malloc(24 * Math.max(files.length, 1)), ptrs = [];
        contents.forEach(function (bytes, i) {
          var ptr = 0;
          if (bytes) {
            ptr = Module._malloc(Math.max(bytes.length, 1));
            Module.writeArrayToMemory(bytes, ptr);
            ptrs.push(ptr);
          }
          var row = new Float64Array([ptr, bytes ? bytes.length : 0, files[i].size]);
          Module.writeArrayToMemory(new Uint8Array(row.buffer), table + 24 * i);
        });
        var names = files.map(function (f) { return f.name.replace(/\n/g, ' '); }).join('\n');
        Module.ccall('aeplay_import_idx', 'string', ['string', 'number', 'number'], [names, table, files.length]);
        ptrs.forEach(function (p) { Module._free(p); });
        Module._free(table);
      });
    }
    // A dropped file is IDX by its name, else by its first bytes: 0x00 0x00, a type byte and a
    // dimension count, or gzip's 0x1f 0x8b (the CSV reader takes neither).
    function looksLikeIdx(file) {
      if (/(-ubyte|\.idx[0-9]?|\.gz)$/i.test(file.name)) return Promise.resolve(true);
      return file.slice(0, 4).arrayBuffer().then(function (buf) {
        var b = new Uint8Array(buf);
        return b.length >= 4 && ((b[0] === 0 && b[1] === 0 && [8, 9, 11, 12, 13, 14].indexOf(b[2]) >= 0 && b[3] >= 1 && b[3] <= 4)
                                 || (b[0] === 0x1f && b[1] === 0x8b));
      }, function () { return false; });
    }
    function isModelFile(file) { return /\.(aeplay|aemodel)$/i.test(file.name); }
    var modelInput = document.getElementById('model-file');
    if (modelInput) {
      modelInput.addEventListener('change', function () {
        var file = modelInput.files && modelInput.files[0];
        modelInput.value = '';
        if (file) sendFile('aeplay_open_model', file);
      });
    }
    var csvInput = document.getElementById('csv-file');
    if (csvInput) {
      csvInput.addEventListener('change', function () {
        var file = csvInput.files && csvInput.files[0];
        csvInput.value = '';
        if (file) importCsv(file);
      });
    }
    var idxInput = document.getElementById('idx-file');
    if (idxInput) {
      idxInput.addEventListener('change', function () {
        var files = Array.prototype.slice.call(idxInput.files || []);
        idxInput.value = '';
        if (files.length) importIdx(files);
      });
    }
    window.addEventListener('dragover', function (e) { e.preventDefault(); });
    window.addEventListener('drop', function (e) {
      e.preventDefault();
      var files = Array.prototype.slice.call((e.dataTransfer && e.dataTransfer.files) || []);
      var file = files[0];
      if (!file) return;
      if (/\.json$/i.test(file.name)) { // a lesson or a config
        file.text().then(function (text) {
          call('aeplay_import_config', ['string', 'string'], [file.name, text]);
        });
      } else if (isModelFile(file)) {
        sendFile('aeplay_open_model', file);
      } else {
        // Two files are IDX images and labels (CSV takes one); one file is IDX if it looks so.
        Promise.all(files.map(looksLikeIdx)).then(function (idx) {
          if (files.length > 1 || idx[0]) importIdx(files);
          else importCsv(file);
        });
      }
    });
    // Offer the last autosave (after putting the last uploaded CSV, or IDX images and labels
    // (`also`), back where its config reads them), and save when the tab goes away.
    store.load('upload').then(function (upload) {
      [upload, upload && upload.also].forEach(function (file) {
        if (!file || typeof file.path !== 'string' || !(file.bytes instanceof Uint8Array)) return;
        if (!/^\/upload\/[^/]+$/.test(file.path)) return;
        if (!Module.FS.analyzePath('/upload').exists) Module.FS.mkdir('/upload');
        Module.FS.writeFile(file.path, file.bytes);
      });
    }).then(function () { return store.load(); }).then(function (bytes) {
      if (!(bytes instanceof Uint8Array) || bytes.length === 0) return;
      var ptr = Module._malloc(bytes.length);
      Module.writeArrayToMemory(bytes, ptr);
      Module.ccall('aeplay_offer_restore', null, ['number', 'number'], [ptr, bytes.length]);
      Module._free(ptr);
    });
    // Not after a crash: the module's state is not to be trusted (nor waited for: a worker that
    // died holding the session's lock), and the last autosave is what the reload offers.
    var saveNow = function () { if (!stopped) Module.ccall('aeplay_autosave_now', null, [], []); };
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') saveNow(); });
    // A lesson in the query, else a shared config in the fragment.
    var lessonPath = new URLSearchParams(location.search).get('lesson');
    if (lessonPath !== null) openLessonFromUrl(Module, lessonPath);
    else if (location.hash.length > 1) call('aeplay_open_share', ['string'], [location.hash.substring(1)]);
    if (loading) loading.hidden = true;
    started = true;
    canvas.focus();
  }, function (err) {
    showError(err && err.message ? err.message : String(err));
  });
})();
