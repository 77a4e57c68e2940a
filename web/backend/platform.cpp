// platform.cpp: see platform.h. The one file that tells the browser from a native build.
#include "web/backend/platform.h"
#include "web/app/plot_png.h"

#ifdef __EMSCRIPTEN__

#include <emscripten/emscripten.h>
#include <emscripten/heap.h>
#include <malloc.h>
#include <sys/stat.h>

// Compiled into the JS glue, so they need no eval under the page's Content-Security-Policy.
EM_JS(void, page_download_text, (const char* name, const char* text), {
    var blob = new Blob([UTF8ToString(text)], {
        type:
            'application/json'
    });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(
        function() {
            URL.revokeObjectURL(a.href);
            a.remove();
        },
        1000);
});

EM_JS(void, page_download_bytes, (const char* name, const char* p, int n, const char* mime), {
    var blob = new Blob([HEAPU8.slice(p, p + n)], {type: UTF8ToString(mime)});
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});

// The rectangle copied through a 2D canvas now (drawImage is synchronous), encoded later.
EM_JS(void, page_download_canvas_png, (const char* name, int x, int y, int w, int h), {
    var n = UTF8ToString(name), c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    c.getContext('2d').drawImage(Module.canvas, x, y, w, h, 0, 0, w, h);
    c.toBlob(function(blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = n;
        document.body.appendChild(a);
        a.click();
        setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }, 'image/png');
});

EM_JS(void, page_open_model_picker, (), {
    var input = document.getElementById('model-file');
    if (input) input.click();
});

EM_JS(void, page_autosave, (const char* p, int n), {
    if (typeof window !== 'undefined' && window.aeplayStore) window.aeplayStore.save(HEAPU8.slice(p, p + n));
});

EM_JS(void, page_keep_upload, (const char* path, const char* p, int n, const char* path2,
                               const char* p2, int n2), {
    if (typeof window === 'undefined' || !window.aeplayStore) return;
    var upload = {path: UTF8ToString(path), bytes: HEAPU8.slice(p, p + n)};
    if (path2 && HEAPU8[path2]) upload.also = {path: UTF8ToString(path2), bytes: HEAPU8.slice(p2, p2 + n2)};
    window.aeplayStore.save(upload, 'upload');
});

// page_shell.js defines window.aeplayShare (compression is asynchronous in the browser).
EM_JS(void, page_share_config, (const char* json), {
    if (typeof window !== 'undefined' && window.aeplayShare) window.aeplayShare(Module, UTF8ToString(json));
});

EM_JS(void, page_open_file_picker, (), {
    var input = document.getElementById('config-file');
    if (input) input.click();
});

EM_JS(void, page_open_csv_picker, (), {
    var input = document.getElementById('csv-file');
    if (input) input.click();
});

EM_JS(void, page_open_idx_picker, (), {
    var input = document.getElementById('idx-file');
    if (input) input.click();
});

// page_shell.js defines window.aeplayFetchDataset; an embedder without it gets a failure (later,
// never inside the caller, which holds the session lock).
EM_JS(void, page_request_dataset, (const char* name, const char* path), {
    var n = UTF8ToString(name), p = UTF8ToString(path);
    if (typeof window !== 'undefined' && window.aeplayFetchDataset) {
        window.aeplayFetchDataset(Module, n, p);
    } else {
        setTimeout(function() {
            Module.ccall('aeplay_dataset_loaded', null, [ 'string', 'string' ], [ n, 'this page cannot fetch datasets' ]);
        }, 0);
    }
});

EM_JS(void, page_accessibility, (const char* announcement, const char* description), {
    var a = UTF8ToString(announcement), live = document.getElementById('a11y-live');
    var desc = document.getElementById('a11y-desc');
    if (live && a) live.textContent = a;
    if (desc) desc.textContent = UTF8ToString(description);
});

namespace platform {
double now_ms() {
    return emscripten_get_now();
}
void accessibility(const std::string& announcement, const std::string& description) {
    page_accessibility(announcement.c_str(), description.c_str());
}
void open_csv_picker() {
    page_open_csv_picker();
}
void open_idx_picker() {
    page_open_idx_picker();
}
void request_dataset(const char* name, const char* path) {
    page_request_dataset(name, path);
}
void download_text(const char* name, const char* text) {
    page_download_text(name, text);
}
void share_config(const char* json) {
    page_share_config(json);
}
void open_file_picker() {
    page_open_file_picker();
}
void download_bytes(const char* name, const std::string& bytes, const char* mime) {
    page_download_bytes(name, bytes.data(), int(bytes.size()), mime);
}
const Download& last_download() {
    static const Download none;
    return none;
}
void open_model_picker() {
    page_open_model_picker();
}
void download_canvas_png(const char* name, int x, int y, int w, int h) {
    page_download_canvas_png(name, x, y, w, h);
}
void autosave(const std::string& bytes) {
    page_autosave(bytes.data(), int(bytes.size()));
}
void keep_upload(const std::string& path, const std::string& bytes, const std::string& also_path,
                 const std::string& also_bytes) {
    page_keep_upload(path.c_str(), bytes.data(), int(bytes.size()), also_path.c_str(),
                     also_bytes.data(), int(also_bytes.size()));
}
const std::string& last_autosave() {
    static const std::string none;
    return none;
}
int64_t heap_left() {
    return int64_t(emscripten_get_heap_max()) - int64_t(emscripten_get_heap_size()) +
           int64_t(mallinfo().fordblks);
}
int64_t heap_max() {
    return int64_t(emscripten_get_heap_max());
}
} // namespace platform

#else

#include <chrono>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace platform {
double now_ms() {
    const auto t = std::chrono::steady_clock::now().time_since_epoch();
    return std::chrono::duration<double, std::milli>(t).count();
}
void download_text(const char*, const char*) {}
void share_config(const char*) {}
void open_file_picker() {}
void open_csv_picker() {}
void open_idx_picker() {}
static Download g_download;
void download_bytes(const char* name, const std::string& bytes, const char*) {
    g_download = {name, bytes};
}
const Download& last_download() {
    return g_download;
}
void open_model_picker() {}
void download_canvas_png(const char*, int, int, int, int) {}
void request_dataset(const char*, const char*) {}
static std::string g_autosave;
void autosave(const std::string& bytes) {
    g_autosave = bytes;
}
void keep_upload(const std::string&, const std::string&, const std::string&, const std::string&) {}
void accessibility(const std::string&, const std::string&) {}
const std::string& last_autosave() {
    return g_autosave;
}
int64_t heap_left() {
    return kNoHeapLimit;
}
int64_t heap_max() {
    return kNoHeapLimit;
}
} // namespace platform

#endif
