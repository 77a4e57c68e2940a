// platform.h: the page's platform choices, made once. Everything else in web/ (except main.cpp,
// which is the browser's entry point and exists only there) is plain C++ over ImGui and the engine,
// so the App also builds natively and runs headless in tests/ui.
//   - Browser (Emscripten): emscripten_get_now, the page's download / file-picker helpers, the
//     weight heatmap drawn with WebGL2, and a training worker thread in the pthreads build.
//   - Native: std::chrono::steady_clock, no-op browser helpers, a heatmap without GL (it keeps
//     the numbers and hands ImGui a placeholder texture id), training time-sliced in frame().
// Not here: window, GL context and ImGui backends (main.cpp).
#pragma once

#include <cstdint>
#include <string>

// 1 where the weight heatmap renders with WebGL2 (heatmap.cpp picks its GL part by this).
#ifdef __EMSCRIPTEN__
#define AEPLAY_WEBGL 1
#else
#define AEPLAY_WEBGL 0
#endif

namespace platform {

// aeplay-mt.js (-pthread): training runs on a worker thread; elsewhere it is time-sliced.
#ifdef __EMSCRIPTEN_PTHREADS__
constexpr bool kWorkerThread = true;
#else
constexpr bool kWorkerThread = false;
#endif

// Where the build puts the bundled examples (the page embeds examples/ at /examples).
constexpr const char* kExamplesDir = "/examples";

// Where the engine reads the image datasets' assets (<dir>/<name>.bin, see ae::make_dataset).
// Browser: the module's in-memory file system, filled on demand by request_dataset(). Native: the
// build's build/data (relative to the working directory; tests pass their own).
#ifdef __EMSCRIPTEN__
constexpr const char* kDataDir = "/data";
constexpr bool kFetchesDatasets = true;
#else
constexpr const char* kDataDir = "build/data";
constexpr bool kFetchesDatasets = false;
#endif

// Browser: asks the page to fetch data/<name>.bin.gz, decompress it into `path` and report back
// through aeplay_dataset_progress / aeplay_dataset_loaded (main.cpp), always asynchronously.
// Native: does nothing (kFetchesDatasets is false: the file is read from disk).
void request_dataset(const char* name, const char* path);

// Milliseconds on a monotonic clock (only differences mean anything).
double now_ms();

// Browser: offers `text` as a download named `name`. Native: does nothing.
void download_text(const char* name, const char* text);

// Browser: offers `bytes` as a download named `name` (a Blob of type `mime` and an <a download>).
// Native: writes no file; keeps the last one in memory (last_download()) for tests.
void download_bytes(const char* name, const std::string& bytes, const char* mime);
struct Download {
    std::string name, bytes;
};
const Download& last_download(); // native tests only; empty in the browser

// Browser: opens the page's model file picker (#model-file; the result comes back through
// aeplay_open_model; page_shell.js also takes a dropped .aeplay file). Native: does nothing.
void open_model_picker();
// Browser: puts `json` (a config) in the page's URL fragment as a share link ("#config=" +
// base64url of its deflate-raw compression, page_shell.js) and copies the link; the result comes
// back through aeplay_share_done. Native: does nothing.
void share_config(const char* json);

// Browser: opens the page's config file picker (its result comes back through
// aeplay_import_config). Native: does nothing.
void open_file_picker();

// Browser: opens the page's CSV file picker (its result comes back through aeplay_import_csv;
// page_shell.js also takes a .csv dropped on the page). Native: does nothing.
void open_csv_picker();
// Browser: opens the page's IDX file picker (#idx-file, several files: the images and their
// labels; the result comes back through aeplay_import_idx; page_shell.js also takes IDX files
// dropped on the page). Native: does nothing.
void open_idx_picker();

// Browser: stores a checkpoint as the page's autosave (IndexedDB, written asynchronously by
// page_shell.js; the next visit offers to restore it). Native: kept in memory (last_autosave()).
void autosave(const std::string& bytes);

// The page's accessible layer (index.html): `announcement` (if not empty) into the aria-live
// region, `description` (what the canvas shows) into the region the canvas is described by. As
// text, never HTML. Native: nothing (the App keeps both; status_json reports them).
void accessibility(const std::string& announcement, const std::string& description);
const std::string& last_autosave(); // native tests only; empty in the browser
// Browser: keeps an accepted upload's bytes beside the autosave, so that a restored csv or idx
// session finds its files after a reload (page_shell.js writes them back first, into the module
// file system at `path`, where the engine's DataFiles find them on disk): `path` and, for
// idx with labels, a second file `also_path` (else empty). Only the last upload is kept. Native:
// nothing (the files stay on disk).
void keep_upload(const std::string& path, const std::string& bytes,
                 const std::string& also_path = "", const std::string& also_bytes = "");
// Browser: the bytes the WASM heap can still allocate (its growth left up to the maximum plus
// malloc's free space) and that maximum (2 GiB); the App refuses a config whose estimate is more
// (ae::check_memory_left). Native: no such limit (kNoHeapLimit for both).
constexpr int64_t kNoHeapLimit = int64_t(1) << 60;
int64_t heap_left();
int64_t heap_max();

} // namespace platform
