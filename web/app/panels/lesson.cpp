// panel_lesson.cpp: the Lesson panel (title, text, the task checklist, the student id of a
// per-student variant, Export submission, Close) and the lessons row of the Experiment panel
// (the shipped lessons combo and Share link). Opening lessons and share links lives here too.
// Lesson text is drawn from the engine's styled runs with ImGui's text calls (never a format
// string, never HTML): top headings in the title font, bold drawn twice a pixel apart, italic and
// code in their own colours.
// Not here: parsing, checks and variants (engine/lesson.h), fetching and compression
// (web/page_shell.js).
#include "web/app/app.h"

#include "web/backend/platform.h"
#include "web/app/ui.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace ui;

namespace {

// The shipped lessons (lessons/, embedded at /lessons and copied beside the page).
const char* const kLessons[] = {"01_dense.json", "02_linear_pca.json", "03_denoising.json",
                                "04_anomalies.json", "05_mnist_denoiser.json"};
constexpr const char* kLessonsDir = "/lessons";

const ImVec4 kColorItalic = ImVec4(0.80f, 0.86f, 1.00f, 1.0f);
const ImVec4 kColorCode = ImVec4(1.00f, 0.85f, 0.55f, 1.0f);

std::string read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

} // namespace

bool App::control_locked(const char* name) const {
    if (!lesson_) return false;
    if (lesson_->is_locked(name)) return true;
    // Variant fields are the student's own problem: locked too.
    if (!std::strcmp(name, "seed")) return lesson_->seed_from_student;
    for (const ae::VariantRange& r : lesson_->ranges)
        if ((r.field.rfind("data.", 0) == 0 ? "data" : "noise") == std::string(name)) return true;
    return false;
}

bool App::control_hidden(const char* name) const {
    return lesson_ && lesson_->is_hidden(name);
}

std::string App::open_lesson(const std::string& text, const std::string& source,
                             const std::string& error) {
    const std::string from = source.empty() ? std::string() : " (" + source + ")";
    auto refuse = [&](const std::string& why) {
        last_load_error_ = why;
        message_ = "Could not open the lesson" + from + ": " + why +
                   "\nThe current experiment is unchanged.";
        message_is_error_ = true;
        return why;
    };
    if (!error.empty()) return refuse(error);
    auto lesson = std::make_unique<ae::Lesson>();
    const ae::Status st = ae::parse_lesson(text, lesson.get());
    if (!st.ok()) return refuse(st.error);
    ae::Config c = lesson->config;
    if (lesson->has_variants() && !student_id_.empty())
        ae::lesson_config_for(*lesson, student_id_, &c);
    std::unique_ptr<ae::Lesson> previous = std::move(lesson_);
    lesson_ = std::move(lesson);
    const std::string result = load_config(ae::config_to_json(c), source, true);
    if (!result.empty()) {
        lesson_ = std::move(previous);
        return refuse(result);
    }
    lesson_source_ = source;
    message_ = "Opened the lesson \"" + lesson_->title + "\"" + from + ".";
    if (lesson_->has_variants() && student_id_.empty())
        message_ += " Enter your student id in the Lesson panel to get your own problem.";
    message_is_error_ = false;
    return "";
}

std::string App::open_share(const std::string& fragment) {
    ae::Config c;
    const ae::Status st = ae::parse_share_fragment(fragment, &c);
    if (!st.ok()) {
        last_load_error_ = st.error;
        message_ = st.error + "\nThe current experiment is unchanged.";
        message_is_error_ = true;
        return st.error;
    }
    return load_config(ae::config_to_json(c), "share link");
}

void App::share_done(const std::string& url, const std::string& error) {
    share_url_ = url;
    share_error_ = error;
    message_ = error.empty()
                   ? "Share link (in the address bar, copied if the browser allows): " + url
                   : "Could not make a share link: " + error;
    message_is_error_ = !error.empty();
}

void App::draw_lessons_row() {
    const float bw = ImGui::CalcTextSize("Share link").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - bw -
                            ImGui::GetStyle().ItemSpacing.x);
    const std::string shown = lesson_ ? "Lesson: " + lesson_->title : std::string("Lessons...");
    if (ImGui::BeginCombo("##lessons", shown.c_str())) {
        for (const char* name : kLessons)
            if (ImGui::Selectable(name, lesson_source_ == name && lesson_))
                open_lesson(read_all(std::string(kLessonsDir) + "/" + name), name);
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open a bundled lesson: a setup with tasks");
    ImGui::SameLine();
    if (ImGui::Button("Share link")) platform::share_config(config_json().c_str());
    ui::mark("share");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Put the applied config in the page's address (#config=...) to share it");
}

void App::update_lesson_checks() {
    const long seen = session_->progress().samples_seen;
    const double now = platform::now_ms();
    if (seen == lesson_checks_seen_) return;
    // While training: at most every kLessonCheckMs, and less often when the checks are expensive
    // (an evaluation of thousands of images) so that they take at most ~10% of the UI thread; a
    // finished or paused run at once. The PCA is the Analysis tabs' (fitted once per session).
    const double interval = std::max(kLessonCheckMs, 10.0 * lesson_checks_cost_ms_);
    if (training_ && !session_->done() && now - lesson_checks_time_ < interval) return;
    lesson_checks_ =
        ae::evaluate_checks(*lesson_, ae::lesson_metrics(*lesson_, *session_, &fitted_pca()));
    lesson_checks_seen_ = seen;
    lesson_checks_time_ = now;
    lesson_checks_cost_ms_ = platform::now_ms() - now;
}

void App::draw_lesson_text(const std::vector<ae::TextBlock>& blocks) {
    const float right = ImGui::GetContentRegionMax().x;
    for (const ae::TextBlock& b : blocks) {
        const bool heading = b.kind == ae::TextBlock::heading;
        if (heading) ImGui::Spacing();
        float indent = 0; // wrapped lines of a bullet item start under its first word
        if (b.kind == ae::TextBlock::bullet) {
            ImGui::Bullet(); // leaves the cursor on its line, after the bullet
            indent = ImGui::GetCursorPosX();
        }
        bool line_start = true;
        for (const ae::TextRun& r : b.runs) {
            // The title font (bold, larger) for top headings; bold text elsewhere is drawn
            // twice, a pixel apart, at the body size.
            ImFont* font = heading && b.level == 1 && title_font ? title_font : nullptr;
            const bool bold = r.bold || heading;
            if (font) ImGui::PushFont(font);
            const ImVec4 color = r.code     ? kColorCode
                                 : r.italic ? kColorItalic
                                            : ImGui::GetStyleColorVec4(ImGuiCol_Text);
            // Word by word: wrap at the panel's edge, keep the spaces with the word before.
            size_t pos = 0;
            while (pos < r.text.size()) {
                size_t end = r.text.find(' ', pos);
                end = end == std::string::npos ? r.text.size() : end + 1;
                const char* a = r.text.c_str() + pos;
                const char* z = r.text.c_str() + end;
                const float word_w = ImGui::CalcTextSize(a, z).x;
                if (!line_start) {
                    ImGui::SameLine(0, 0);
                    if (ImGui::GetCursorPosX() + word_w > right) {
                        ImGui::NewLine();
                        if (indent > 0) ImGui::SetCursorPosX(indent);
                    }
                }
                ImGui::PushStyleColor(ImGuiCol_Text, color);
                ImGui::TextUnformatted(a, z);
                ImGui::PopStyleColor();
                if (bold && !font) {
                    const ImVec2 p = ImGui::GetItemRectMin();
                    ImGui::GetWindowDrawList()->AddText(
                        ImVec2(p.x + 1, p.y), ImGui::ColorConvertFloat4ToU32(color), a, z);
                }
                line_start = false;
                pos = end;
            }
            if (font) ImGui::PopFont();
        }
        ImGui::Spacing();
    }
}

void App::draw_lesson(float x, float y, float w, float h) {
    begin_panel("Lesson", x, y, w, h, kPanelFlags);
    update_lesson_checks();
    const ae::Lesson& l = *lesson_;

    // Title and Close.
    const float cw = ImGui::CalcTextSize("Close").x + ImGui::GetStyle().FramePadding.x * 2;
    if (title_font) ImGui::PushFont(title_font);
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - cw - ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextUnformatted(l.title.c_str());
    ImGui::PopTextWrapPos();
    if (title_font) ImGui::PopFont();
    ImGui::SameLine(ImGui::GetContentRegionMax().x - cw);
    const bool close = ImGui::SmallButton("Close");
    ui::mark("close_lesson");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Close the lesson (the experiment stays)");

    // The student id of a per-student variant.
    ImGui::Separator();
    if (l.has_variants()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Student id");
        ImGui::SameLine();
        const float uw = ImGui::CalcTextSize("Use").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - uw -
                                ImGui::GetStyle().ItemSpacing.x);
        const bool enter = ImGui::InputText("##student", student_edit_, sizeof student_edit_,
                                            ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ImGui::Button("Use") || enter) && student_edit_[0]) {
            student_id_ = student_edit_;
            ae::Config c;
            if (ae::lesson_config_for(l, student_id_, &c).ok())
                load_config(ae::config_to_json(c), lesson_source_, true);
            message_ = "Your problem for student id \"" + student_id_ + "\" is loaded.";
            message_is_error_ = false;
        }
        if (student_id_.empty())
            ImGui::TextColored(kColorWarn, "Enter your student id: each student gets their own "
                                           "data and seed.");
    }
    // Tasks first (what the student checks while training), then the text, scrolling together
    // above the Export button.
    ImGui::BeginChild("##lesson_body", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), false);
    int passed = 0;
    for (const ae::CheckResult& c : lesson_checks_)
        passed += c.passed;
    ImGui::Text("Tasks: %d of %d done", passed, int(l.tasks.size()));
    const ImVec2 tasks_top = ImGui::GetCursorScreenPos();
    for (size_t i = 0; i < l.tasks.size(); ++i) {
        const ae::CheckResult* c = i < lesson_checks_.size() ? &lesson_checks_[i] : nullptr;
        const bool ok = c && c->passed;
        // The word says it, not only the colour.
        ImGui::TextColored(ok ? kColorOk : kColorDim, ok ? "[done]" : "[todo]");
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(l.tasks[i].text.c_str());
        if (c) {
            ImGui::PushStyleColor(ImGuiCol_Text, kColorDim);
            ImGui::TextUnformatted(c->text.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::PopTextWrapPos();
    }
    {
        const ImVec2 end = ImGui::GetCursorScreenPos();
        ui::mark("lesson_tasks", tasks_top, ImVec2(w, end.y - tasks_top.y));
    }

    ImGui::Separator();
    draw_lesson_text(l.blocks);
    ImGui::EndChild();
    // The grader re-runs the whole config: only a finished run has the numbers it will find.
    ImGui::BeginDisabled(!session_->done() || (l.has_variants() && student_id_.empty()));
    if (ImGui::Button("Export submission", ImVec2(-1, 0))) {
        const std::string json = ae::submission_json(l, student_id_, session_->config(),
                                                     ae::lesson_metrics(l, *session_, &pca_));
        platform::download_text((l.id + "_submission.json").c_str(), json.c_str());
    }
    ui::mark("export_submission");
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Download the config you ran and your numbers for the grader (after "
                          "training to the last epoch)");

    ImGui::End();
    if (close) {
        lesson_.reset();
        message_ = "Closed the lesson; the experiment stays.";
        message_is_error_ = false;
    }
}
