// loader.js: picks the page build. A cross-origin isolated page (COOP/COEP, as ./scripts/serve
// sends) has SharedArrayBuffer: load aeplay-mt.js, which trains on a worker thread. Anywhere else
// (e.g. embedded in a page without those headers), or with ?threads=0: aeplay.js, which
// time-slices training in the frame loop. Both start themselves on #canvas (web/page_shell.js).
// The build's wasm is fetched and compiled (streaming) here, at once, while the script loads and
// runs: window.aeplayWasmModule is that promise, which page_shell.js instantiates.
(function () {
  var threads = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' &&
                !/[?&]threads=0\b/.test(location.search);
  var build = threads ? 'aeplay-mt' : 'aeplay';
  if (typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function') {
    var url = build + '.wasm';
    // A server that does not send application/wasm: compile from the bytes instead.
    window.aeplayWasmModule = WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }))
      .catch(function () {
        return fetch(url, { credentials: 'same-origin' }).then(function (response) {
          if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
          return response.arrayBuffer();
        }).then(function (bytes) { return WebAssembly.compile(bytes); });
      });
    window.aeplayWasmModule.then(function () {
      (window.aeplayStartup = window.aeplayStartup || {}).wasm_compiled = performance.now();
    }, function () {}); // a failure is reported by page_shell.js, which waits on the promise
  }
  var script = document.createElement('script');
  script.src = build + '.js';
  script.onerror = function () {
    var box = document.getElementById('error');
    if (box) { box.textContent = 'AE Playground stopped: could not load ' + script.src; box.hidden = false; }
  };
  document.body.appendChild(script);
})();
