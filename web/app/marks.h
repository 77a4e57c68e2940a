// marks.h: the test hooks. ui::mark("train") records the rectangle of the control just drawn (the
// last ImGui item) under a name; the App reports every recorded name in status_json "ui" as
// [x, y, w, h] in CSS pixels, which tests/ui and tests/page look up to click the control.
//   - A name keeps the last rectangle recorded for it (a control drawn once and then hidden keeps
//     its old place) until unmark() sets it to [0, 0, 0, 0] (e.g. "not drawn this frame").
//   - The names go to the registry that set_marks() made current (the App sets its own at the
//     start of each frame, with the frame's devicePixelRatio), as ImGui keeps a current context.
// Not here: what the controls do, hit testing (the tests click through ImGui's input).
#pragma once

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <string>

namespace ui {

class Marks {
  public:
    // (x, y, w, h) in CSS pixels.
    void set(const std::string& name, float x, float y, float w, float h) {
        rects_[name] = {x, y, w, h};
    }
    const std::array<float, 4>* find(const std::string& name) const {
        const auto it = rects_.find(name);
        return it == rects_.end() ? nullptr : &it->second;
    }
    nlohmann::json json() const; // {"name": [x, y, w, h], ...}

  private:
    std::map<std::string, std::array<float, 4>> rects_;
};

// The registry mark() writes to, and the device pixels per CSS pixel of this frame.
void set_marks(Marks* marks, float dpr);
// The last item's rectangle (ImGui::GetItemRectMin / Max) under `name`.
void mark(const std::string& name);
// An explicit rectangle, in device pixels (ImGui's), e.g. a grid drawn as many items.
void mark(const std::string& name, ImVec2 min, ImVec2 size);
// [0, 0, 0, 0]: the control is not on the canvas.
void unmark(const std::string& name);

} // namespace ui
