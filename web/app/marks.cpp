// marks.cpp: see marks.h. One current registry per thread of ImGui use (the UI thread).
#include "web/app/marks.h"

namespace ui {

namespace {
Marks* current = nullptr;
float current_dpr = 1.0f;
} // namespace

nlohmann::json Marks::json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, r] : rects_)
        j[name] = {r[0], r[1], r[2], r[3]};
    return j;
}

void set_marks(Marks* marks, float dpr) {
    current = marks;
    current_dpr = dpr > 0 ? dpr : 1.0f;
}

void mark(const std::string& name, ImVec2 min, ImVec2 size) {
    if (!current) return;
    current->set(name, min.x / current_dpr, min.y / current_dpr, size.x / current_dpr,
                 size.y / current_dpr);
}

void mark(const std::string& name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    mark(name, a, ImVec2(b.x - a.x, b.y - a.y));
}

void unmark(const std::string& name) {
    if (current) current->set(name, 0, 0, 0, 0);
}

} // namespace ui
