// main.cpp: the page's entry point, a small shim between the browser and the App.
//   - Creates the GLFW window (WebGL2 context on the page's #canvas) and Dear ImGui.
//   - High DPI: Emscripten 3.1.6's GLFW knows nothing of devicePixelRatio, so each frame the
//     canvas backing store is sized to CSS size x devicePixelRatio here, and ImGui runs in
//     device pixels (DisplaySize = backing store, FramebufferScale 1). GLFW reports the mouse in
//     backing-store pixels too, so the two agree. Fonts are rasterized at 15 px x dpr and the
//     style scaled by dpr, which keeps text crisp; both are rebuilt when dpr changes (zoom).
//   - Exports the C functions the page's JavaScript calls (see the bottom of this file).
// Not here: panels, training (app.cpp), drawing ImGui's lists (imgui_webgl.cpp), the offscreen
// views (heatmap.cpp, scatter.cpp, image_atlas.cpp).
#include "web/app/app.h"
#include "web/backend/imgui_webgl.h"
#include "web/app/plot_png.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

// Writes the canvas's CSS size and devicePixelRatio; sets its backing store to match.
EM_JS(void, page_fit_canvas, (int* css_w, int* css_h, float* dpr), {
    var c = Module['canvas'];
    var r = window.devicePixelRatio || 1;
    var w = Math.max(1, Math.round(c.clientWidth || 1280));
    var h = Math.max(1, Math.round(c.clientHeight || 800));
    var bw = Math.round(w * r), bh = Math.round(h * r);
    if (c.width != bw) c.width = bw;
    if (c.height != bh) c.height = bh;
    HEAP32[css_w >> 2] = w;
    HEAP32[css_h >> 2] = h;
    HEAPF32[dpr >> 2] = r;
});

// window.aeplayFirstFrameMs: milliseconds from navigation to the end of the first frame (the page
// benchmark, bench/page.mjs, reads it).
EM_JS(void, page_mark_first_frame, (), { window.aeplayFirstFrameMs = performance.now(); });
// window.aeplayStartup[name]: milliseconds from navigation to a step of the start (bench/page.mjs
// prints them): main (the module ran), gl (context and ImGui ready), session (the default
// experiment built), frame_called (the first animation frame began), fonts_rasterized and fonts (the first frame's font atlas built, then
// uploaded), first_frame_start and first_frame_panels (App::frame done).
EM_JS(void, page_mark_startup, (const char* name), {
    (window.aeplayStartup = window.aeplayStartup || {})[UTF8ToString(name)] = performance.now();
});

// "!canvas" names Module.canvas (the page's #canvas, or an embedder's) for emscripten/html5.h.
EM_JS(void, page_name_canvas, (), { specialHTMLTargets['!canvas'] = Module['canvas']; });
// GLFW adopts the current WebGL context for the canvas (Emscripten's GLFW reuses Module.ctx), and
// Emscripten's browser glue is initialized as when GLFW creates the context itself.
EM_JS(void, page_adopt_gl_context, (), {
    Module['ctx'] = GLctx;
    Module['useWebGL'] = true;
    Browser.init();
});

namespace {

constexpr float kFontSizeCss = 15.0f;
const char* const kFontPath = "/fonts/DejaVuSans.ttf"; // embedded by the build when available
const char* const kFontBoldPath = "/fonts/DejaVuSans-Bold.ttf";

struct Page {
    GLFWwindow* window = nullptr;
    App app;
    float dpr = 0.0f; // the scale the fonts and style were built for
    ImGuiStyle base_style;
    std::vector<damage::Fill> fills; // this frame's panel backgrounds (App::backgrounds)
};

Page* g_page = nullptr;
std::string g_return; // storage for strings returned to JavaScript

void build_fonts_and_style(Page& p, float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFont* font = nullptr;
    if (FILE* f = std::fopen(kFontPath, "rb")) {
        std::fclose(f);
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.PixelSnapH = false;
        font = io.Fonts->AddFontFromFileTTF(kFontPath, std::round(kFontSizeCss * dpr), &cfg);
        App::title_font =
            font ? io.Fonts->AddFontFromFileTTF(kFontBoldPath, std::round(21.0f * dpr), &cfg)
                 : nullptr;
    }
    if (!font) {
        ImFontConfig cfg;
        cfg.SizePixels = std::round(13.0f * dpr);
        io.Fonts->AddFontDefault(&cfg);
        App::title_font = nullptr;
    }
    io.Fonts->Build();
    if (p.dpr == 0.0f) page_mark_startup("fonts_rasterized");
    imgui_webgl::upload_fonts();
    ImGui::GetStyle() = p.base_style;
    ImGui::GetStyle().ScaleAllSizes(dpr);
    p.dpr = dpr;
}

// The canvas's WebGL2 context, created here rather than by GLFW: GLFW's asks Emscripten to enable
// every extension the browser offers, each a round trip to Chromium's GPU process (40-60 ms at
// startup), and the page uses none (WebGL2's core only). 2D only: no depth or stencil buffer to
// clear and composite, no antialiasing; opaque, so the compositor need not blend it. The drawing
// buffer keeps its pixels between frames: imgui_webgl redraws only what changed (damage.h).
bool create_gl_context() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.alpha = false;
    attrs.depth = false;
    attrs.stencil = false;
    attrs.antialias = false;
    attrs.preserveDrawingBuffer = true;
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.enableExtensionsByDefault = false;
    page_name_canvas();
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("!canvas", &attrs);
    if (ctx <= 0 || emscripten_webgl_make_context_current(ctx) != EMSCRIPTEN_RESULT_SUCCESS)
        return false;
    page_adopt_gl_context();
    return true;
}

void frame(void* arg) {
    Page& p = *static_cast<Page*>(arg);
    int css_w = 0, css_h = 0;
    float dpr = 1.0f;
    page_fit_canvas(&css_w, &css_h, &dpr);
    static bool first = true;
    if (first) page_mark_startup("frame_called");
    if (dpr != p.dpr) build_fonts_and_style(p, dpr);
    if (first) page_mark_startup("fonts");

    glfwPollEvents();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    const int fb_w = int(std::lround(css_w * dpr)), fb_h = int(std::lround(css_h * dpr));
    io.DisplaySize = ImVec2(float(fb_w), float(fb_h));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    ImGui::NewFrame();

    if (first) page_mark_startup("first_frame_start");
    p.app.frame(dpr); // trains for its time budget, draws offscreen textures, builds the panels
    if (first) page_mark_startup("first_frame_panels");

    double t = emscripten_get_now();
    ImGui::Render();
    p.app.add_frame_time(App::kPartImguiRender, emscripten_get_now() - t);
    t = emscripten_get_now();
    p.fills.clear();
    for (const App::Background& b : p.app.backgrounds())
        p.fills.push_back(damage::Fill{{int(std::lround(b.x)), int(std::lround(b.y)),
                                        int(std::lround(b.x + b.w)), int(std::lround(b.y + b.h))},
                                       ImGui::ColorConvertFloat4ToU32(b.color)});
    imgui_webgl::render(ImGui::GetDrawData(), fb_w, fb_h, ImGui::ColorConvertFloat4ToU32(App::kGapBg),
                        p.fills.data(), int(p.fills.size()));
    p.app.add_frame_time(App::kPartGl, emscripten_get_now() - t);
    PlotPngRequest png; // a chart's "Save plot as PNG", while this frame is in the buffer
    if (take_plot_png(&png))
        platform::download_canvas_png(png.name.c_str(), png.x, png.y, png.w, png.h);
    if (first) page_mark_first_frame(), first = false;
}

} // namespace

int main() {
    page_mark_startup("main");
    if (!glfwInit()) {
        std::fprintf(stderr, "aeplay: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    static Page page;
    g_page = &page;
    // The canvas gets its backing store's size before the context exists, and GLFW's window the
    // same size (Emscripten's GLFW sizes the canvas to it): WebGL then allocates the drawing
    // buffer once. Resizing it after (GLFW's 1280 x 800, then the first frame's fit) waited on
    // the GPU process twice more (glCheckFramebufferStatus, glGetError: 50-160 ms at startup).
    int css_w = 0, css_h = 0;
    float dpr = 1.0f;
    page_fit_canvas(&css_w, &css_h, &dpr);
    if (create_gl_context())
        page.window = glfwCreateWindow(int(std::lround(css_w * dpr)), int(std::lround(css_h * dpr)),
                                       "AE Playground", nullptr, nullptr);
    if (!page.window) {
        std::fprintf(stderr, "aeplay: could not create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(page.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // fixed layout; nothing to persist
    App::apply_theme();
    page.base_style = ImGui::GetStyle();
    ImGui_ImplGlfw_InitForOpenGL(page.window, true);
    if (!imgui_webgl::init()) {
        std::fprintf(stderr, "aeplay: could not compile the WebGL2 renderer\n");
        return 1;
    }

    page_mark_startup("gl");
    page.app.init();
    page_mark_startup("session");
    emscripten_set_main_loop_arg(frame, &page, 0, 1);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Exported to JavaScript (listed in CMake's -sEXPORTED_FUNCTIONS). Returned strings stay valid
// until the next call of any of these functions. Those that may change the session hold the
// App's session lock (they wait for the worker's batch to end); status and config read the
// UI thread's view and never wait.
extern "C" {

// The page's state as JSON (see App::status_json); {"ready": false} before main() ran.
EMSCRIPTEN_KEEPALIVE const char* aeplay_status_json() {
    if (!g_page || !g_page->app.ready()) return "{\"ready\":false}";
    g_return = g_page->app.status_json();
    return g_return.c_str();
}

// What the renderer did (imgui_webgl::Stats) as JSON: frames, frames_drawn, tiles, tiles_redrawn,
// checked_frames, checked_pixels, mismatched_pixels, last_rects ([x0, y0, x1, y1] of the last frame
// drawn, top-left origin).
EMSCRIPTEN_KEEPALIVE const char* aeplay_render_stats_json() {
    const imgui_webgl::Stats& s = imgui_webgl::stats();
    g_return = "{\"frames\":" + std::to_string(s.frames) +
               ",\"frames_drawn\":" + std::to_string(s.frames_drawn) +
               ",\"tiles\":" + std::to_string(s.tiles) +
               ",\"tiles_redrawn\":" + std::to_string(s.tiles_redrawn) +
               ",\"checked_frames\":" + std::to_string(s.checked_frames) +
               ",\"checked_pixels\":" + std::to_string(s.checked_pixels) +
               ",\"mismatched_pixels\":" + std::to_string(s.mismatched_pixels) + ",\"last_rects\":[";
    for (size_t i = 0; i < s.last_rects.size(); ++i) {
        const damage::Rect& r = s.last_rects[i];
        g_return += (i ? ",[" : "[") + std::to_string(r.x0) + "," + std::to_string(r.y0) + "," +
                    std::to_string(r.x1) + "," + std::to_string(r.y1) + "]";
    }
    g_return += "]}";
    return g_return.c_str();
}

// Tests: compare every frame's partial redraw with a full one (imgui_webgl::set_check).
EMSCRIPTEN_KEEPALIVE void aeplay_check_render(int on) { imgui_webgl::set_check(on != 0); }

// Loads a config (JSON text). Returns "" on success, else the engine's message; on error the
// current session is kept and the message is shown in the page.
EMSCRIPTEN_KEEPALIVE const char* aeplay_load_config(const char* json_text) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    const auto hold = g_page->app.lock_session();
    g_return = g_page->app.load_config(json_text ? json_text : "", "");
    return g_return.c_str();
}

// As aeplay_load_config, from the file picker: the name is shown in the page's message.
EMSCRIPTEN_KEEPALIVE const char* aeplay_import_config(const char* file_name,
                                                      const char* json_text) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    const auto hold = g_page->app.lock_session();
    g_return = g_page->app.load_config(json_text ? json_text : "", file_name ? file_name : "");
    return g_return.c_str();
}

// The page's autosave (a checkpoint read back from IndexedDB at start): offered to the user.
EMSCRIPTEN_KEEPALIVE void aeplay_offer_restore(const char* bytes, int size) {
    if (!g_page || !g_page->app.ready() || !bytes || size <= 0) return;
    const auto hold = g_page->app.lock_session();
    g_page->app.offer_restore(std::string(bytes, size_t(size)));
}

// Saves the session now (the page calls it on pagehide and when the tab is hidden).
EMSCRIPTEN_KEEPALIVE void aeplay_autosave_now() {
    if (!g_page || !g_page->app.ready()) return;
    const auto hold = g_page->app.lock_session();
    g_page->app.autosave_now();
}

// A CSV file from the page's picker or a drop (page_shell.js): its bytes, or none (bytes null)
// when file_size is over the page's limit. Returns "" or the message the page shows.
EMSCRIPTEN_KEEPALIVE const char* aeplay_import_csv(const char* file_name, const char* bytes,
                                                   int size, double file_size) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    const auto hold = g_page->app.lock_session();
    g_return =
        g_page->app.import_csv(file_name ? file_name : "",
                               bytes ? std::string(bytes, size_t(size)) : std::string(), file_size);
    return g_return.c_str();
}

// IDX files from the page's picker or a drop (page_shell.js): `count` files, their names joined
// by '\n' in `names`, and per file three numbers in `table`: where its bytes are (0: none, the
// file is over the page's limit), how many, and the file's size. Returns "" or the message.
EMSCRIPTEN_KEEPALIVE const char* aeplay_import_idx(const char* names, const double* table,
                                                   int count) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    std::vector<App::Upload> files(size_t(count > 0 ? count : 0));
    std::string rest = names ? names : "";
    for (size_t i = 0; i < files.size(); ++i) {
        const size_t end = rest.find('\n');
        files[i].name = rest.substr(0, end);
        rest = end == std::string::npos ? "" : rest.substr(end + 1);
        const char* bytes = reinterpret_cast<const char*>(uintptr_t(table[3 * i]));
        if (bytes) files[i].bytes.assign(bytes, size_t(table[3 * i + 1]));
        files[i].size = table[3 * i + 2];
    }
    const auto hold = g_page->app.lock_session();
    g_return = g_page->app.import_idx(files);
    return g_return.c_str();
}

// A model file (.aeplay) from the Model menu's picker or a drop (page_shell.js), as
// aeplay_import_csv: its bytes, or none when file_size is over the page's limit.
EMSCRIPTEN_KEEPALIVE const char* aeplay_open_model(const char* file_name, const char* bytes,
                                                   int size, double file_size) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    const auto hold = g_page->app.lock_session();
    g_return =
        g_page->app.open_model(file_name ? file_name : "",
                               bytes ? std::string(bytes, size_t(size)) : std::string(), file_size);
    return g_return.c_str();
}

// platform::request_dataset's answers from page_shell.js: compressed bytes read so far, then ""
// (the asset is in the file system) or why it failed.
EMSCRIPTEN_KEEPALIVE void aeplay_dataset_progress(const char* name, double loaded, double total) {
    if (!g_page || !g_page->app.ready() || !name) return;
    const auto hold = g_page->app.lock_session();
    g_page->app.dataset_progress(name, loaded, total);
}

EMSCRIPTEN_KEEPALIVE void aeplay_dataset_loaded(const char* name, const char* error) {
    if (!g_page || !g_page->app.ready() || !name) return;
    const auto hold = g_page->app.lock_session();
    g_page->app.dataset_loaded(name, error ? error : "");
}

// The applied config in canonical JSON (what "Export" downloads).
EMSCRIPTEN_KEEPALIVE const char* aeplay_config_json() {
    if (!g_page || !g_page->app.ready()) return "";
    g_return = g_page->app.config_json();
    return g_return.c_str();
}

// A lesson fetched by the page (?lesson=..., a file, a drop): "" or the message shown; `error`
// set: the page refused or failed to fetch it (the message names why; nothing changes).
EMSCRIPTEN_KEEPALIVE const char* aeplay_open_lesson(const char* source, const char* text,
                                                    const char* error) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    const auto hold = g_page->app.lock_session();
    g_return = g_page->app.open_lesson(text ? text : "", source ? source : "", error ? error : "");
    return g_return.c_str();
}

// The URL fragment at start ("config=..."): "" or the message shown (the session stays).
EMSCRIPTEN_KEEPALIVE const char* aeplay_open_share(const char* fragment) {
    if (!g_page || !g_page->app.ready()) return "aeplay: the page is not ready yet";
    const auto hold = g_page->app.lock_session();
    g_return = g_page->app.open_share(fragment ? fragment : "");
    return g_return.c_str();
}

// The page's answer to platform::share_config: the link, or why there is none.
EMSCRIPTEN_KEEPALIVE void aeplay_share_done(const char* url, const char* error) {
    if (!g_page || !g_page->app.ready()) return;
    const auto hold = g_page->app.lock_session();
    g_page->app.share_done(url ? url : "", error ? error : "");
}

} // extern "C"
