// shapes.cpp: Keras' output shapes, paddings and parameter counts (see shapes.h).
#include "engine/core/shapes.h"

#include <algorithm>

namespace ae {

namespace {
constexpr long kMaxLayerValues = 1L << 20; // one sample's activations of one layer

std::string dims(const Shape& s) {
    return s.image ? std::to_string(s.h) + " x " + std::to_string(s.w) + " x " + std::to_string(s.c)
                   : std::to_string(s.c);
}

// One spatial axis of a conv2d / max_pooling2d: out and the padding before the first row.
bool window_axis(int in, int k, int s, Padding p, int* out, int* pad_before) {
    if (p == Padding::same) {
        *out = (in + s - 1) / s;
        *pad_before = std::max((*out - 1) * s + k - in, 0) / 2;
        return true;
    }
    if (in < k) return false;
    *out = (in - k) / s + 1;
    *pad_before = 0;
    return true;
}
} // namespace

std::string Shape::keras() const {
    return image ? "(None, " + std::to_string(h) + ", " + std::to_string(w) + ", " +
                       std::to_string(c) + ")"
                 : "(None, " + std::to_string(c) + ")";
}

Shape input_shape_of(const Config& c) {
    if (c.input_shape.image) return c.input_shape;
    Shape s;
    s.c = c.input;
    return s;
}

bool layer_geometry(const LayerConfig& l, const Shape& in, const std::string& path, LayerGeom* g,
                    std::string* err) {
    *g = LayerGeom();
    g->in = in;
    Shape& out = g->out;
    out = in;
    const std::string type = layer_type_name(l.type);
    const bool spatial = l.type == LayerType::conv2d || l.type == LayerType::conv2d_transpose ||
                         l.type == LayerType::max_pooling2d || l.type == LayerType::up_sampling2d ||
                         l.type == LayerType::cropping2d;
    if (spatial && !in.image) {
        *err = path + ": " + type + " needs an image input (height, width, channels), got " +
               in.keras() + "; add {\"type\": \"reshape\", \"target_shape\": [h, w, c]} before it";
        return false;
    }
    switch (l.type) {
    case LayerType::dense:
        if (in.image) {
            *err = path + ": dense needs a flat input, got " + in.keras() +
                   "; add {\"type\": \"flatten\"} before it";
            return false;
        }
        out.c = l.units;
        g->kernel = long(in.c) * l.units;
        g->bias = l.units;
        break;
    case LayerType::conv2d:
    case LayerType::max_pooling2d: {
        const bool conv = l.type == LayerType::conv2d;
        const int* k = conv ? l.kernel_size : l.pool_size;
        const char* kname = conv ? "kernel_size" : "pool_size";
        if (!window_axis(in.h, k[0], l.strides[0], l.padding, &out.h, &g->pad_top) ||
            !window_axis(in.w, k[1], l.strides[1], l.padding, &out.w, &g->pad_left)) {
            *err = path + "." + kname + ": " + std::to_string(k[0]) + " x " + std::to_string(k[1]) +
                   " is larger than the input " + dims(in) +
                   " with padding \"valid\"; use a smaller " + kname + " or padding \"same\"";
            return false;
        }
        if (conv) {
            out.c = l.filters;
            g->kernel = long(k[0]) * k[1] * in.c * l.filters;
            g->bias = l.filters;
        }
        break;
    }
    case LayerType::conv2d_transpose: {
        const int* k = l.kernel_size;
        const int* s = l.strides;
        if (l.padding == Padding::same) {
            out.h = in.h * s[0], out.w = in.w * s[1];
        } else {
            out.h = in.h * s[0] + std::max(k[0] - s[0], 0);
            out.w = in.w * s[1] + std::max(k[1] - s[1], 0);
        }
        int back_h = 0, back_w = 0; // the adjoint conv2d maps out back to in
        window_axis(out.h, k[0], s[0], l.padding, &back_h, &g->pad_top);
        window_axis(out.w, k[1], s[1], l.padding, &back_w, &g->pad_left);
        AE_ASSERT(back_h == in.h && back_w == in.w);
        out.c = l.filters;
        g->kernel = long(k[0]) * k[1] * l.filters * in.c;
        g->bias = l.filters;
        break;
    }
    case LayerType::up_sampling2d:
        out.h = in.h * l.size[0], out.w = in.w * l.size[1];
        break;
    case LayerType::cropping2d:
        out.h = in.h - l.cropping[0] - l.cropping[1];
        out.w = in.w - l.cropping[2] - l.cropping[3];
        if (out.h < 1 || out.w < 1) {
            *err = path + ".cropping: crops " + std::to_string(l.cropping[0]) + " + " +
                   std::to_string(l.cropping[1]) + " rows and " + std::to_string(l.cropping[2]) +
                   " + " + std::to_string(l.cropping[3]) + " columns leave nothing of the input " +
                   dims(in);
            return false;
        }
        break;
    case LayerType::flatten:
        out = Shape();
        out.c = int(in.size());
        break;
    case LayerType::reshape: {
        long n = 1;
        for (int v : l.target_shape)
            n *= v;
        if (n != in.size()) {
            std::string t;
            for (size_t i = 0; i < l.target_shape.size(); ++i)
                t += (i ? " x " : "") + std::to_string(l.target_shape[i]);
            *err = path + ".target_shape: " + t + " = " + std::to_string(n) +
                   " values, but the input " + in.keras() + " has " + std::to_string(in.size());
            return false;
        }
        out = Shape();
        if (l.target_shape.size() == 3) {
            out.image = true;
            out.h = l.target_shape[0], out.w = l.target_shape[1], out.c = l.target_shape[2];
        } else {
            out.c = l.target_shape[0];
        }
        break;
    }
    case LayerType::dropout:
        break;
    }
    if (out.size() > kMaxLayerValues) {
        *err = path + ": output " + out.keras() + " has " + std::to_string(out.size()) +
               " values per sample, more than the limit of " + std::to_string(kMaxLayerValues);
        return false;
    }
    return true;
}

Status model_geometry(const Config& c, std::vector<LayerGeom>* out) {
    out->clear();
    const Shape input = input_shape_of(c);
    Shape prev = input;
    std::string err;
    const std::vector<LayerConfig>* halves[2] = {&c.encoder, &c.decoder};
    for (int h = 0; h < 2; ++h)
        for (size_t i = 0; i < halves[h]->size(); ++i) {
            const std::string path =
                std::string(h == 0 ? "model.encoder[" : "model.decoder[") + std::to_string(i) + "]";
            LayerGeom g;
            if (!layer_geometry((*halves[h])[i], prev, path, &g, &err)) return Status::Error(err);
            out->push_back(g);
            prev = g.out;
        }
    if (!(prev == input)) {
        const std::string path = "model.decoder[" + std::to_string(c.decoder.size() - 1) + "]";
        const LayerConfig& last = c.decoder.back();
        if (!input.image && !prev.image && last.type == LayerType::dense)
            return Status::Error(
                path + ".units: the last decoder layer must output " + std::to_string(c.input) +
                " values to reconstruct the input (model.input = " + std::to_string(c.input) +
                "), got " + std::to_string(last.units));
        std::string hint;
        if (input.image && prev.image && prev.c == input.c && prev.h >= input.h &&
            prev.w >= input.w && (prev.h > input.h || prev.w > input.w))
            hint = "; add {\"type\": \"cropping2d\", \"cropping\": [[0, " +
                   std::to_string(prev.h - input.h) + "], [0, " + std::to_string(prev.w - input.w) +
                   "]]} at the end";
        else if (input.image && prev.image && prev.c != input.c)
            hint = "; the last layer must output " + std::to_string(input.c) + " channel" +
                   (input.c == 1 ? "" : "s") + " (filters)";
        else if (input.image != prev.image && prev.size() == input.size())
            hint = "; add {\"type\": \"reshape\", \"target_shape\": " +
                   std::string(input.image ? "[" + std::to_string(input.h) + ", " +
                                                 std::to_string(input.w) + ", " +
                                                 std::to_string(input.c) + "]"
                                           : "[" + std::to_string(input.c) + "]") +
                   "} at the end";
        return Status::Error(path + ": output " + prev.keras() + " does not match the input " +
                             input.keras() + hint);
    }
    return Status::Ok();
}

} // namespace ae
