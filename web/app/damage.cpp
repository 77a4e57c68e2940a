// damage.cpp: see damage.h.
#include "web/app/damage.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace damage {
namespace {

// (GL name, generation) of every texture that ever changed: a handful, so a linear search.
std::vector<std::pair<unsigned, uint32_t>> g_generations;

// A 64-bit finalizer (splitmix64's): every input bit reaches every output bit.
inline uint64_t mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}
inline uint64_t combine(uint64_t h, uint64_t v) {
    return mix(h ^ (v + 0x9e3779b97f4a7c15ull));
}
inline uint64_t bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}
inline uint64_t vertex_hash(const ImDrawVert& v) {
    return mix((bits(v.pos.x) | bits(v.pos.y) << 32) ^
               mix((bits(v.uv.x) | bits(v.uv.y) << 32) ^ mix(uint64_t(v.col) + 1)));
}

} // namespace

void texture_changed(unsigned texture) {
    for (auto& [name, generation] : g_generations)
        if (name == texture) {
            ++generation;
            return;
        }
    g_generations.emplace_back(texture, 1u);
}

uint32_t texture_generation(unsigned texture) {
    for (const auto& [name, generation] : g_generations)
        if (name == texture) return generation;
    return 0;
}

Rect clip_rect(float x0, float y0, float x1, float y1) {
    Rect r;
    r.x0 = int(std::floor(x0));
    r.y0 = int(std::floor(y0));
    r.x1 = int(std::ceil(x1));
    r.y1 = int(std::ceil(y1));
    return r;
}

Rect covered(float min_x, float min_y, float max_x, float max_y, const Rect& clip) {
    Rect r;
    r.x0 = std::max(clip.x0, int(std::floor(min_x)));
    r.y0 = std::max(clip.y0, int(std::floor(min_y)));
    r.x1 = std::min(clip.x1, int(std::ceil(max_x)) + 1);
    r.y1 = std::min(clip.y1, int(std::ceil(max_y)) + 1);
    return r;
}

Rect cmd_clip(const ImDrawCmd& cmd, const ImVec2& origin) {
    return clip_rect(cmd.ClipRect.x - origin.x, cmd.ClipRect.y - origin.y,
                     cmd.ClipRect.z - origin.x, cmd.ClipRect.w - origin.y);
}

Rect triangle_covered(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c,
                      const ImVec2& origin, const Rect& clip) {
    return covered(std::min({a.pos.x, b.pos.x, c.pos.x}) - origin.x,
                   std::min({a.pos.y, b.pos.y, c.pos.y}) - origin.y,
                   std::max({a.pos.x, b.pos.x, c.pos.x}) - origin.x,
                   std::max({a.pos.y, b.pos.y, c.pos.y}) - origin.y, clip);
}

void Tracker::add(const Rect& r, uint64_t h) {
    const int tx0 = std::max(0, r.x0 / kTile), ty0 = std::max(0, r.y0 / kTile);
    const int tx1 = std::min(cols_ - 1, (r.x1 - 1) / kTile);
    const int ty1 = std::min(rows_ - 1, (r.y1 - 1) / kTile);
    for (int ty = ty0; ty <= ty1; ++ty) {
        uint64_t* row = &hash_[size_t(ty) * size_t(cols_)];
        for (int tx = tx0; tx <= tx1; ++tx)
            row[tx] = combine(row[tx], h);
    }
}

const std::vector<Rect>& Tracker::update(const ImDrawData& data, int fb_w, int fb_h,
                                         uint32_t clear_rgba, const Fill* fills, int n_fills) {
    rects_.clear();
    damaged_ = 0;
    if (fb_w <= 0 || fb_h <= 0) return rects_;
    if (fb_w != w_ || fb_h != h_) {
        w_ = fb_w;
        h_ = fb_h;
        cols_ = (fb_w + kTile - 1) / kTile;
        rows_ = (fb_h + kTile - 1) / kTile;
        prev_.assign(size_t(cols_) * size_t(rows_), 0);
        all_ = true;
    }
    const Rect canvas{0, 0, fb_w, fb_h};
    hash_.assign(prev_.size(), mix(uint64_t(clear_rgba) + 1));
    for (int i = 0; i < n_fills; ++i) {
        const Rect r = intersection(fills[i].rect, canvas);
        if (r.x0 >= r.x1 || r.y0 >= r.y1) continue;
        add(r, mix((uint64_t(uint32_t(r.x0)) | uint64_t(uint32_t(r.y0)) << 32) ^
                   mix((uint64_t(uint32_t(r.x1)) | uint64_t(uint32_t(r.y1)) << 32) ^
                       mix(fills[i].rgba))));
    }

    const ImVec2 origin = data.DisplayPos;
    std::vector<uint64_t>& vh = vertex_hashes_; // of one list
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        const ImDrawVert* vtx = list->VtxBuffer.Data;
        const ImDrawIdx* idx = list->IdxBuffer.Data;
        vh.resize(size_t(list->VtxBuffer.Size));
        for (int i = 0; i < list->VtxBuffer.Size; ++i) {
            ImDrawVert v = vtx[i];
            v.pos.x -= origin.x;
            v.pos.y -= origin.y;
            vh[size_t(i)] = vertex_hash(v);
        }
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) { // draws what the lists cannot show: redraw it every frame
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) all_ = true;
                continue;
            }
            const Rect clip = intersection(cmd_clip(cmd, origin), canvas);
            if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
            const unsigned texture = unsigned(intptr_t(cmd.GetTexID()));
            const uint64_t ch =
                mix((uint64_t(uint32_t(clip.x0)) | uint64_t(uint32_t(clip.y0)) << 32) ^
                    mix((uint64_t(uint32_t(clip.x1)) | uint64_t(uint32_t(clip.y1)) << 32) ^
                        mix(uint64_t(texture) | uint64_t(texture_generation(texture)) << 32)));
            const ImDrawIdx* t = idx + cmd.IdxOffset;
            for (unsigned k = 0; k + 2 < cmd.ElemCount; k += 3) {
                const Rect r =
                    triangle_covered(vtx[t[k]], vtx[t[k + 1]], vtx[t[k + 2]], origin, clip);
                if (r.x0 >= r.x1 || r.y0 >= r.y1) continue;
                add(r, combine(combine(combine(ch, vh[t[k]]), vh[t[k + 1]]), vh[t[k + 2]]));
            }
        }
    }

    // Dirty tiles, then rects: each row's runs of dirty tiles; a run extends the rect that ended
    // on the row above when that rect spans the same columns.
    dirty_.resize(hash_.size());
    for (size_t i = 0; i < hash_.size(); ++i) {
        dirty_[i] = all_ || hash_[i] != prev_[i];
        damaged_ += dirty_[i];
    }
    all_ = false;
    prev_.swap(hash_);
    open_.clear();
    for (int ty = 0; ty < rows_; ++ty) {
        const uint8_t* row = &dirty_[size_t(ty) * size_t(cols_)];
        const int y0 = ty * kTile, y1 = std::min(fb_h, y0 + kTile);
        next_.clear();
        for (int tx = 0; tx < cols_;) {
            if (!row[tx]) {
                ++tx;
                continue;
            }
            int end = tx;
            while (end < cols_ && row[end])
                ++end;
            const int x0 = tx * kTile, x1 = std::min(fb_w, end * kTile);
            size_t at = rects_.size();
            for (size_t i : open_)
                if (rects_[i].x0 == x0 && rects_[i].x1 == x1) at = i;
            if (at == rects_.size())
                rects_.push_back(Rect{x0, y0, x1, y1});
            else
                rects_[at].y1 = y1;
            next_.push_back(at);
            tx = end;
        }
        open_.swap(next_);
    }
    return rects_;
}

} // namespace damage
