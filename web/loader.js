// loader.js: picks the page build. A cross-origin isolated page (COOP/COEP, as ./scripts/serve
// sends) has SharedArrayBuffer: load aeplay-mt.js, which trains on a worker thread. Anywhere else
// (e.g. embedded in a page without those headers), or with ?threads=0: aeplay.js, which
// time-slices training in the frame loop. Both start themselves on #canvas (web/page_shell.js).
(function () {
  var threads = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' &&
                !/[?&]threads=0\b/.test(location.search);
  var script = document.createElement('script');
  script.src = threads ? 'aeplay-mt.js' : 'aeplay.js';
  script.onerror = function () {
    var box = document.getElementById('error');
    if (box) { box.textContent = 'AE Playground stopped: could not load ' + script.src; box.hidden = false; }
  };
  document.body.appendChild(script);
})();
