// page_shell.js: starts the page. Appended to aeplay.js by the build (--extern-post-js), so that
// index.html needs no inline script under its Content-Security-Policy (script-src 'self').
// Runs only on a page with <canvas id="canvas">; any other embedder calls createAeplayPage itself.
//   window.aeplay.status()         -> the page's state (see App::status_json in web/app.cpp)
//   window.aeplay.loadConfig(text) -> '' or the engine's error message (the session is kept)
//   window.aeplay.configJson()     -> the applied config as JSON text
// Load failures and aborts are shown in #error as text (never as HTML).
(function () {
  if (typeof document === 'undefined') return;
  var canvas = document.getElementById('canvas');
  if (!canvas) return;
  var loading = document.getElementById('loading');
  var errorBox = document.getElementById('error');
  function showError(message) {
    if (loading) loading.hidden = true;
    if (errorBox) {
      errorBox.textContent = 'AE Playground stopped: ' + message;
      errorBox.hidden = false;
    }
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
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    showError('the WebGL context was lost; reload the page.');
  });
  createAeplayPage({
    canvas: canvas,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) { showError('aborted: ' + what); },
  }).then(function (Module) {
    function call(name, types, args) { return Module.ccall(name, 'string', types, args); }
    window.aeplay = {
      status: function () { return JSON.parse(call('aeplay_status_json', [], [])); },
      loadConfig: function (text) { return call('aeplay_load_config', ['string'], [String(text)]); },
      configJson: function () { return call('aeplay_config_json', [], []); },
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
    if (loading) loading.hidden = true;
    canvas.focus();
  }, function (err) {
    showError(err && err.message ? err.message : String(err));
  });
})();
