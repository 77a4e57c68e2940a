// The Lesson panel headless (web/panel_lesson.cpp): a lesson text opens as a lesson, its locked
// controls are reported, Train ticks its tasks with the engine's own checks, a bad lesson or
// share link keeps the session, an HTML title stays text, and Close keeps the experiment.
#include "app_harness.h"

#include <fstream>
#include "course/lesson.h"
#include "engine/data/open_session.h"
#include <sstream>

namespace {

std::string source_file(const std::string& rel) {
    std::ifstream f(std::string(AEPLAY_SOURCE_DIR) + "/" + rel, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

class LessonPanelTest : public AppHarness {};

} // namespace

TEST_F(LessonPanelTest, OpensALessonLocksItsControlsAndTicksTasksWhileTraining) {
    const std::string text = source_file("lessons/02_linear_pca.json");
    ASSERT_EQ(load_config(text), "");
    frame();
    json s = status();
    ASSERT_TRUE(s.contains("lesson"));
    EXPECT_EQ(s["lesson"]["id"], "02_linear_pca");
    EXPECT_EQ(s["lesson"]["title"], "2. A linear autoencoder finds PCA");
    ASSERT_EQ(s["lesson"]["tasks"].size(), 2u);
    EXPECT_EQ(s["lesson"]["tasks"][0]["passed"], false);
    EXPECT_TRUE(app_.control_locked("model"));
    EXPECT_TRUE(app_.control_locked("seed"));
    EXPECT_FALSE(app_.control_locked("epochs"));
    EXPECT_TRUE(app_.control_hidden("noise"));
    // The session is the lesson's config.
    ae::Lesson l;
    ASSERT_TRUE(ae::parse_lesson(text, &l).ok());
    EXPECT_EQ(json::parse(app_.config_json()), json::parse(ae::config_to_json(l.config)));

    click("train");
    ASSERT_TRUE(frames_until([](const json& st) { return st["done"] == true; }, 20000));
    ASSERT_TRUE(frames_until(
        [](const json& st) { return st["lesson"]["tasks"][0]["passed"] == true; }, 10));
    // The ticked value is the engine's metric of this very session.
    s = status();
    const double shown = s["lesson"]["tasks"][0]["value"];
    ae::Config c;
    ASSERT_TRUE(ae::parse_config(app_.config_json(), &c).ok());
    std::unique_ptr<ae::Session> ref;
    ASSERT_TRUE(ae::open_session(c, &ref).ok());
    while (!ref->done() && ref->train_epoch() > 0) {
    }
    EXPECT_EQ(shown, ae::lesson_metrics(l, *ref).at("near_pca"));

    click("close_lesson");
    s = status();
    EXPECT_FALSE(s.contains("lesson"));
    EXPECT_EQ(s["done"], true); // the experiment stays
}

TEST_F(LessonPanelTest, BadLessonAndBadShareLinkKeepTheSession) {
    const std::string before = app_.config_json();
    {
        const auto hold = app_.lock_session();
        const std::string err =
            app_.open_lesson(R"({"id": "x", "title": "t", "tasks": []})", "bad.json");
        EXPECT_EQ(err, "lesson.config: missing; expected an experiment config object {\"seed\", "
                       "\"data\", \"model\", \"train\"}");
        EXPECT_EQ(app_.open_lesson("", "https://evil.example/l.json", "cross-origin refused"),
                  "cross-origin refused");
        EXPECT_EQ(app_.open_share("config=@@"),
                  "share link: character 1 is not base64url (accepted: A-Z a-z 0-9 - _)");
    }
    frame();
    EXPECT_EQ(app_.config_json(), before);
    EXPECT_FALSE(status().contains("lesson"));
}

TEST_F(LessonPanelTest, ShareLinkFragmentLoadsItsConfig) {
    // A stored-block deflate stream made here: 0x01 (final, stored), LEN, NLEN, then the bytes.
    ae::Config c;
    ASSERT_TRUE(ae::parse_config(source_file("examples/seed001_linear.json"), &c).ok());
    const std::string json_text = ae::config_to_json(c);
    const uint16_t n = uint16_t(json_text.size());
    std::string raw = {char(1), char(n & 0xFF), char(n >> 8), char(~n & 0xFF),
                       char((~n >> 8) & 0xFF)};
    raw += json_text;
    {
        const auto hold = app_.lock_session();
        EXPECT_EQ(app_.open_share("config=" + ae::base64url_encode(raw)), "");
    }
    frame();
    EXPECT_EQ(app_.config_json(), json_text);
}

TEST_F(LessonPanelTest, HtmlInALessonTitleIsShownAsText) {
    std::string text = source_file("lessons/03_denoising.json");
    const std::string from = "\"title\": \"3. A denoising autoencoder\"";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), R"("title": "<img src=x onerror=alert(1)> %s%n")");
    ASSERT_EQ(load_config(text), "");
    for (int i = 0; i < 3; ++i)
        frame();
    EXPECT_EQ(status()["lesson"]["title"], "<img src=x onerror=alert(1)> %s%n");
}
