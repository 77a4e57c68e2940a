// test_damage.cpp: web/damage.h, which tiles a frame changes. Synthetic draw lists (rects and
// images at known pixels, so the damaged tiles are known in closed form) and the App's own lists.
// That the partial redraw shows the same pixels as a full one is checked in the real page
// (tests/page/render.test.mjs reads the canvas back).
#include "app_harness.h"
#include "web/app/damage.h"

#include <imgui.h>

#include <random>
#include <set>
#include <vector>

namespace {

constexpr int kT = damage::Tracker::kTile;
constexpr uint32_t kClear = 0xff201010;

std::set<std::pair<int, int>> tiles_of(const std::vector<damage::Rect>& rects) {
    std::set<std::pair<int, int>> tiles;
    for (const damage::Rect& r : rects)
        for (int y = r.y0 / kT; y * kT < r.y1; ++y)
            for (int x = r.x0 / kT; x * kT < r.x1; ++x)
                tiles.insert({x, y});
    return tiles;
}

// One ImGui context; each test fills `list` and calls update() on a 640 x 480 canvas.
class Damage : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(640, 480);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ImGui::NewFrame(); // sets up the draw lists' shared data
        list_ = new ImDrawList(ImGui::GetDrawListSharedData());
    }
    void TearDown() override {
        delete list_;
        ImGui::EndFrame();
        ImGui::DestroyContext(context_);
    }
    void begin() {
        list_->_ResetForNewFrame();
        list_->PushTextureID(ImGui::GetIO().Fonts->TexID);
        list_->PushClipRectFullScreen();
    }
    const std::vector<damage::Rect>& update(uint32_t clear = kClear,
                                            const std::vector<damage::Fill>& fills = {},
                                            int w = 640, int h = 480) {
        ImDrawList* lists[] = {list_};
        ImDrawData data;
        data.Valid = true;
        data.CmdLists = lists;
        data.CmdListsCount = 1;
        data.TotalVtxCount = list_->VtxBuffer.Size;
        data.TotalIdxCount = list_->IdxBuffer.Size;
        data.DisplaySize = ImVec2(float(w), float(h));
        return tracker_.update(data, w, h, clear, fills.data(), int(fills.size()));
    }

    ImGuiContext* context_ = nullptr;
    ImDrawList* list_ = nullptr;
    damage::Tracker tracker_;
};

TEST_F(Damage, FirstFrameIsWholeCanvasThenAnEqualFrameRedrawsNothing) {
    for (int i = 0; i < 3; ++i) {
        begin();
        list_->AddRectFilled(ImVec2(10, 10), ImVec2(50, 40), 0xff0000ff);
        const auto& rects = update();
        if (i == 0) {
            ASSERT_EQ(rects.size(), 1u);
            EXPECT_EQ(rects[0].x0, 0);
            EXPECT_EQ(rects[0].y0, 0);
            EXPECT_EQ(rects[0].x1, 640);
            EXPECT_EQ(rects[0].y1, 480);
            EXPECT_EQ(tracker_.tiles_damaged(), 20 * 15);
        } else {
            EXPECT_TRUE(rects.empty()) << "frame " << i;
            EXPECT_EQ(tracker_.tiles_damaged(), 0);
        }
    }
}

TEST_F(Damage, ANewColourRedrawsOnlyTheTilesItsRectReaches) {
    for (uint32_t colour : {0xff00ff00u, 0xff0000ffu}) {
        begin();
        list_->AddRectFilled(ImVec2(10, 10), ImVec2(50, 40), 0xffffffff);
        list_->AddRectFilled(ImVec2(200, 100), ImVec2(260, 150), colour);
        update();
    }
    // Pixels 200..259 x 100..149 (one more for rounding): tiles 6..8 x 3..4.
    begin();
    list_->AddRectFilled(ImVec2(10, 10), ImVec2(50, 40), 0xffffffff);
    list_->AddRectFilled(ImVec2(200, 100), ImVec2(260, 150), 0xffff0000);
    const auto& rects = update();
    ASSERT_EQ(rects.size(), 1u);
    EXPECT_EQ(rects[0].x0, 6 * kT);
    EXPECT_EQ(rects[0].y0, 3 * kT);
    EXPECT_EQ(rects[0].x1, 9 * kT);
    EXPECT_EQ(rects[0].y1, 5 * kT);
}

TEST_F(Damage, AMovedRectRedrawsWhereItWasAndWhereItIs) {
    begin();
    list_->AddRectFilled(ImVec2(40, 40), ImVec2(50, 50), 0xffffffff); // tile (1, 1)
    update();
    begin();
    list_->AddRectFilled(ImVec2(300, 200), ImVec2(310, 210), 0xffffffff); // tile (9, 6)
    const auto& rects = update();
    EXPECT_EQ(tiles_of(rects), (std::set<std::pair<int, int>>{{1, 1}, {9, 6}}));
}

TEST_F(Damage, AnImageRedrawsWhenItsTextureChangesAndOnlyThen) {
    const ImTextureID image = (ImTextureID)(intptr_t)4711;
    auto draw = [&] {
        begin();
        list_->AddRectFilled(ImVec2(0, 0), ImVec2(640, 30), 0xff404040);
        list_->AddImage(image, ImVec2(64, 64), ImVec2(128, 96)); // pixels 64..127 x 64..95
        return update();
    };
    draw();
    EXPECT_TRUE(draw().empty());
    damage::texture_changed(4711);
    // The image's own tiles, and the one its rounding margin reaches (x = 128, y = 96).
    EXPECT_EQ(tiles_of(draw()),
              (std::set<std::pair<int, int>>{{2, 2}, {3, 2}, {4, 2}, {2, 3}, {3, 3}, {4, 3}}));
    EXPECT_TRUE(draw().empty());
}

TEST_F(Damage, TheClipRectIsPartOfWhatATileShows) {
    auto draw = [&](float clip_x1) {
        begin();
        list_->PushClipRect(ImVec2(0, 0), ImVec2(clip_x1, 480));
        list_->AddRectFilled(ImVec2(0, 0), ImVec2(100, 20), 0xffffffff);
        list_->PopClipRect();
        return update();
    };
    draw(100);
    // The same triangles, clipped at x = 70 instead of 100: tiles 2 and 3 of the first row show
    // something else, tiles 0 and 1 are left as they were (but their hash changed with the clip).
    const auto& rects = draw(70);
    ASSERT_FALSE(rects.empty());
    EXPECT_EQ(rects[0].y0, 0);
    EXPECT_EQ(rects[0].y1, kT);
    // A triangle entirely outside its clip rect draws nothing and changes nothing.
    begin();
    list_->PushClipRect(ImVec2(0, 0), ImVec2(70, 480));
    list_->AddRectFilled(ImVec2(0, 0), ImVec2(100, 20), 0xffffffff);
    list_->PopClipRect();
    list_->PushClipRect(ImVec2(400, 400), ImVec2(410, 410));
    list_->AddRectFilled(ImVec2(0, 0), ImVec2(100, 20), 0xff00ff00);
    list_->PopClipRect();
    EXPECT_TRUE(update().empty());
}

TEST_F(Damage, TheClearColourAndTheFillsAreTracked) {
    std::vector<damage::Fill> fills = {{{0, 0, 320, 480}, 0xff101010}};
    begin();
    update(kClear, fills);
    begin();
    EXPECT_TRUE(update(kClear, fills).empty());
    fills[0].rect.x1 = 352; // one more column: a fill is hashed whole, so all its tiles redraw
    begin();
    EXPECT_EQ(tiles_of(update(kClear, fills)).size(), 11u * 15u);
    fills.push_back({{0, 0, 32, 32}, 0xff202020}); // drawn over the first: only its tile
    begin();
    EXPECT_EQ(tiles_of(update(kClear, fills)), (std::set<std::pair<int, int>>{{0, 0}}));
    begin();
    EXPECT_EQ(tracker_.tiles(), 300);
    update(0xff000000, fills);
    EXPECT_EQ(tracker_.tiles_damaged(), 300);
}

TEST_F(Damage, ANewSizeOrInvalidateRedrawsTheWholeCanvas) {
    begin();
    update();
    begin();
    EXPECT_TRUE(update().empty());
    begin();
    const auto& resized = update(kClear, {}, 700, 500);
    ASSERT_EQ(resized.size(), 1u);
    EXPECT_EQ(resized[0].x1, 700);
    EXPECT_EQ(resized[0].y1, 500);
    begin();
    EXPECT_TRUE(update(kClear, {}, 700, 500).empty());
    tracker_.invalidate();
    begin();
    EXPECT_EQ(update(kClear, {}, 700, 500).size(), 1u);
    EXPECT_EQ(tracker_.tiles_damaged(), tracker_.tiles());
}

// Random tiles change: the merged rects are tile-aligned, disjoint, and cover exactly them.
TEST_F(Damage, MergedRectsCoverExactlyTheChangedTilesOnce) {
    std::mt19937 rng(7);
    std::vector<uint32_t> colour(300, 0xff000000);
    auto draw = [&] {
        begin();
        for (int t = 0; t < 300; ++t) { // a 4 x 4 square in the middle of each tile
            const float x = float(t % 20 * kT + 14), y = float(t / 20 * kT + 14);
            list_->AddRectFilled(ImVec2(x, y), ImVec2(x + 4, y + 4), colour[size_t(t)]);
        }
        return update();
    };
    draw();
    for (int round = 0; round < 20; ++round) {
        std::set<std::pair<int, int>> changed;
        const int n = int(rng() % 120);
        for (int i = 0; i < n; ++i) {
            const int t = int(rng() % 300);
            colour[size_t(t)] += 1;
            changed.insert({t % 20, t / 20});
        }
        const std::vector<damage::Rect> rects = draw();
        std::vector<int> cover(300, 0);
        for (const damage::Rect& r : rects) {
            ASSERT_EQ(r.x0 % kT, 0);
            ASSERT_EQ(r.y0 % kT, 0);
            for (int y = r.y0 / kT; y * kT < r.y1; ++y)
                for (int x = r.x0 / kT; x * kT < r.x1; ++x)
                    ++cover[size_t(y * 20 + x)];
        }
        for (int t = 0; t < 300; ++t)
            EXPECT_EQ(cover[size_t(t)], changed.count({t % 20, t / 20}) ? 1 : 0)
                << "round " << round << " tile " << t;
        EXPECT_EQ(tracker_.tiles_damaged(), int(changed.size()));
    }
}

TEST(DamageCovered, IsTheTrianglesPixelsWithinTheClipPlusOneForRounding) {
    const damage::Rect clip = damage::clip_rect(10.0f, 0.0f, 200.5f, 100.0f);
    EXPECT_EQ(clip.x0, 10);
    EXPECT_EQ(clip.x1, 201);
    const damage::Rect r = damage::covered(20.25f, 5.5f, 40.0f, 30.75f, clip);
    EXPECT_EQ(r.x0, 20);
    EXPECT_EQ(r.y0, 5);
    EXPECT_EQ(r.x1, 41);
    EXPECT_EQ(r.y1, 32);
    const damage::Rect cut = damage::covered(0.0f, 90.0f, 500.0f, 150.0f, clip);
    EXPECT_EQ(cut.x0, 10);
    EXPECT_EQ(cut.x1, 201);
    EXPECT_EQ(cut.y0, 90);
    EXPECT_EQ(cut.y1, 100);
    const damage::Rect outside = damage::covered(300.0f, 0.0f, 310.0f, 10.0f, clip);
    EXPECT_GE(outside.x0, outside.x1);
}

// The App's own frames: idle frames redraw nothing; hovering a button redraws a small part
// around it, and leaving it again the same part.
class AppDamage : public AppHarness {
  protected:
    const std::vector<damage::Rect>& update() {
        ImDrawData* data = ImGui::GetDrawData();
        return tracker_.update(*data, 1280, 800, kClear, nullptr, 0);
    }
    damage::Tracker tracker_;
};

TEST_F(AppDamage, IdleFramesRedrawNothingAndAHoverOnlyItsButton) {
    for (int i = 0; i < 5; ++i)
        frame(), update();
    frame();
    EXPECT_TRUE(update().empty());
    const json r = status()["ui"]["reset"];
    const float x = r[0].get<float>(), y = r[1].get<float>();
    const float w = r[2].get<float>(), h = r[3].get<float>();
    ImGui::GetIO().MousePos = ImVec2(x + w / 2, y + h / 2);
    frame();
    const std::vector<damage::Rect> hover = update();
    ASSERT_FALSE(hover.empty());
    const auto tiles = tiles_of(hover);
    EXPECT_TRUE(tiles.count({int(x + w / 2) / kT, int(y + h / 2) / kT}));
    EXPECT_LT(tracker_.tiles_damaged(), tracker_.tiles() / 10) << "a hover redraws a corner";
}

} // namespace
