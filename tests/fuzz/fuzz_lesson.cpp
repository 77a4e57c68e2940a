// libFuzzer target: the lesson parser, the Markdown subset and the submission parser. Property:
// whatever the bytes, they return (no crash, no hang, no exception) with a message on error; an
// accepted lesson gives its JSON, a student's config that parse_config accepts, and checks that
// evaluate without values.
#include "engine/train/config.h"
#include "course/lesson.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ae::parse_markdown(text);
    ae::Submission sub;
    const ae::Status ss = ae::parse_submission(text, &sub);
    if (!ss.ok() && ss.error.empty()) std::abort();
    ae::Lesson l;
    const ae::Status s = ae::parse_lesson(text, &l);
    if (!s.ok()) {
        if (s.error.empty()) std::abort();
        return 0;
    }
    ae::lesson_json(l);
    ae::Config c;
    if (ae::lesson_config_for(l, text.substr(0, 16) + "x", &c).ok()) {
        ae::Config again;
        if (!ae::parse_config(ae::config_to_json(c), &again).ok()) std::abort();
    }
    if (ae::evaluate_checks(l, {}).size() != l.tasks.size()) std::abort();
    return 0;
}
