// app_harness.h: the fixture every headless UI test shares. One ImGui context and one App, as
// web/main.cpp sets them up, minus GL, GLFW and the page's font (ImGui's built-in font; the atlas
// is built once so that NewFrame runs without a renderer). The App reads the source tree's
// examples/ and the build's prepared image sets (build/data).
#pragma once

#include "web/app/app.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <string>
#include <utility>

class AppHarness : public ::testing::Test {
  protected:
    using json = nlohmann::json;
    static inline const std::string kSourceDir = AEPLAY_SOURCE_DIR;
    static inline const std::string kDataDir = kSourceDir + "/build/data";

    void SetUp() override { start(1280, 800); }
    void TearDown() override { ImGui::DestroyContext(context_); }

    void start(float width, float height) {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DisplayFramebufferScale = ImVec2(1, 1);
        // The keys as imgui_impl_glfw maps them (GLFW key codes): keyboard navigation needs them.
        const std::pair<ImGuiKey_, int> keys[] = {
            {ImGuiKey_Tab, 258},        {ImGuiKey_LeftArrow, 263},
            {ImGuiKey_RightArrow, 262}, {ImGuiKey_UpArrow, 265},
            {ImGuiKey_DownArrow, 264},  {ImGuiKey_PageUp, 266},
            {ImGuiKey_PageDown, 267},   {ImGuiKey_Home, 268},
            {ImGuiKey_End, 269},        {ImGuiKey_Insert, 260},
            {ImGuiKey_Delete, 261},     {ImGuiKey_Backspace, 259},
            {ImGuiKey_Space, 32},       {ImGuiKey_Enter, 257},
            {ImGuiKey_Escape, 256},     {ImGuiKey_KeyPadEnter, 335},
            {ImGuiKey_A, 65},           {ImGuiKey_C, 67},
            {ImGuiKey_V, 86},           {ImGuiKey_X, 88},
            {ImGuiKey_Y, 89},           {ImGuiKey_Z, 90}};
        for (const auto& [key, code] : keys)
            io.KeyMap[key] = code;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        App::apply_theme();
        app_.init(kSourceDir + "/examples", kDataDir);
        frame(); // the button rectangles exist once the panels were built
    }

    void frame() {
        ImGui::NewFrame();
        app_.frame(1.0f);
        ImGui::Render();
    }

    // Runs frames until `done(status)` holds; returns false after max_frames without it.
    template <class Pred> bool frames_until(Pred done, int max_frames) {
        for (int i = 0; i < max_frames; ++i) {
            frame();
            if (done(status())) return true;
        }
        return false;
    }

    // As the page's aeplay_status_json(): under the session lock, parsed.
    json status() {
        const auto hold = app_.lock_session();
        return json::parse(app_.status_json());
    }

    std::string load_config(const std::string& text) {
        const auto hold = app_.lock_session();
        return app_.load_config(text, "");
    }

    // A left click at (fx, fy) of a rectangle the App reports (the centre by default): hover,
    // press, release (ImGui buttons fire on release), then the mouse leaves.
    void click(const char* name, float fx = 0.5f, float fy = 0.5f) {
        const json r = status()["ui"][name];
        click_at(r[0].get<float>() + r[2].get<float>() * fx,
                 r[1].get<float>() + r[3].get<float>() * fy);
    }

    // The same click at the point (x, y) of the display.
    void click_at(float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        io.MouseDown[0] = false;
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame();
    }

    // Opens the combo the App reports as `name` and clicks its item `index` (0: the first): the
    // popup lists the items right below the combo, one text line (+ spacing) each.
    void choose(const char* name, int index) {
        click(name);
        const json r = status()["ui"][name];
        const ImGuiStyle& st = ImGui::GetStyle();
        const float line = ImGui::GetFontSize() + st.ItemSpacing.y;
        click_at(r[0].get<float>() + r[2].get<float>() * 0.5f,
                 r[1].get<float>() + r[3].get<float>() + st.WindowPadding.y +
                     (index + 0.5f) * line);
    }

    // A key pressed in one frame and released in the next, as a person types it.
    void press(ImGuiKey_ key) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeysDown[io.KeyMap[key]] = true;
        frame();
        io.KeysDown[io.KeyMap[key]] = false;
        frame();
    }

    ImGuiContext* context_ = nullptr;
    App app_;
};
