// The image layers: conv2d and conv2d_transpose against direct loops written here from Keras'
// definitions (and a hand-computed case), max pooling with ties, finite-difference gradient checks
// in double of every new kernel across strides, paddings, odd sizes and channels, the activity
// regularizer, dropout, the whole model's backward wiring, and the seeds' models' shapes and
// parameter counts by Keras' formulas.
#include "engine/core/conv.h"
#include "engine/analysis/evaluation.h"
#include "engine/core/model.h"
#include "engine/io/model_file.h"
#include "engine/train/session.h"
#include "engine/core/shapes.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cmath>
#include <vector>

using namespace ae;

namespace {

bool have_mnist() {
    return std::ifstream(source_path("build/data/mnist.bin")).good();
}

std::vector<double> random_vec(Rng& rng, long n, double lo = -1, double hi = 1) {
    std::vector<double> v(n);
    for (auto& x : v)
        x = lo + (hi - lo) * rng.uniform();
    return v;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i)
        s += a[i] * b[i];
    return s;
}

// Keras' (TensorFlow's) output length and leading padding of one axis, written out here.
int out_len(int in, int k, int s, bool same) {
    return same ? (in + s - 1) / s : (in - k) / s + 1;
}
int pad_before(int in, int k, int s, bool same) {
    if (!same) return 0;
    const int out = out_len(in, k, s, true);
    return std::max((out - 1) * s + k - in, 0) / 2;
}

// The Keras definition of Conv2D, one output value at a time: x (ih, iw, ic), w (kh, kw, ic, oc).
std::vector<double> naive_conv2d(const std::vector<double>& x, const std::vector<double>& w,
                                 const std::vector<double>& b, int ih, int iw, int ic, int oc,
                                 int kh, int kw, int sh, int sw, bool same, int* oh, int* ow) {
    *oh = out_len(ih, kh, sh, same), *ow = out_len(iw, kw, sw, same);
    const int pt = pad_before(ih, kh, sh, same), pl = pad_before(iw, kw, sw, same);
    std::vector<double> y(size_t(*oh) * *ow * oc);
    for (int oy = 0; oy < *oh; ++oy)
        for (int ox = 0; ox < *ow; ++ox)
            for (int f = 0; f < oc; ++f) {
                double s = b[f];
                for (int ky = 0; ky < kh; ++ky)
                    for (int kx = 0; kx < kw; ++kx)
                        for (int c = 0; c < ic; ++c) {
                            const int iy = oy * sh + ky - pt, ix = ox * sw + kx - pl;
                            if (iy < 0 || iy >= ih || ix < 0 || ix >= iw) continue;
                            s += x[(size_t(iy) * iw + ix) * ic + c] *
                                 w[((size_t(ky) * kw + kx) * ic + c) * oc + f];
                        }
                y[(size_t(oy) * *ow + ox) * oc + f] = s;
            }
    return y;
}

// The Keras definition of Conv2DTranspose as a scatter: each input value spreads kernel * value
// over the full output ((h - 1) * s + k), of which Keras keeps out rows from the leading padding
// of the conv2d that maps the output back. x (h, w, cin), w (kh, kw, filters, cin).
std::vector<double> naive_conv2d_transpose(const std::vector<double>& x,
                                           const std::vector<double>& w,
                                           const std::vector<double>& b, int h, int wd, int cin,
                                           int filters, int kh, int kw, int sh, int sw, bool same,
                                           int* oh, int* ow) {
    *oh = same ? h * sh : h * sh + std::max(kh - sh, 0);
    *ow = same ? wd * sw : wd * sw + std::max(kw - sw, 0);
    const int pt = pad_before(*oh, kh, sh, same), pl = pad_before(*ow, kw, sw, same);
    std::vector<double> y(size_t(*oh) * *ow * filters);
    for (int oy = 0; oy < *oh; ++oy)
        for (int ox = 0; ox < *ow; ++ox)
            for (int f = 0; f < filters; ++f)
                y[(size_t(oy) * *ow + ox) * filters + f] = b[f];
    for (int iy = 0; iy < h; ++iy)
        for (int ix = 0; ix < wd; ++ix)
            for (int ky = 0; ky < kh; ++ky)
                for (int kx = 0; kx < kw; ++kx) {
                    const int oy = iy * sh + ky - pt, ox = ix * sw + kx - pl;
                    if (oy < 0 || oy >= *oh || ox < 0 || ox >= *ow) continue;
                    for (int f = 0; f < filters; ++f)
                        for (int c = 0; c < cin; ++c)
                            y[(size_t(oy) * *ow + ox) * filters + f] +=
                                x[(size_t(iy) * wd + ix) * cin + c] *
                                w[((size_t(ky) * kw + kx) * filters + f) * cin + c];
                }
    return y;
}

// The geometry the model uses, from shapes.h, for one layer on one input.
LayerGeom geometry(const LayerConfig& l, Shape in) {
    LayerGeom g;
    std::string err;
    EXPECT_TRUE(layer_geometry(l, in, "t", &g, &err)) << err;
    return g;
}
Shape image(int h, int w, int c) {
    Shape s;
    s.image = true;
    s.h = h, s.w = w, s.c = c;
    return s;
}
LayerConfig conv_layer(LayerType t, int filters, int kh, int kw, int sh, int sw, bool same) {
    LayerConfig l;
    l.type = t;
    l.filters = filters;
    l.kernel_size[0] = kh, l.kernel_size[1] = kw;
    l.strides[0] = sh, l.strides[1] = sw;
    l.padding = same ? Padding::same : Padding::valid;
    return l;
}
ConvGeom conv_geom(const LayerGeom& g, int kh, int kw, int sh, int sw) {
    return {g.in.h, g.in.w, g.in.c, g.out.h, g.out.w,   g.out.c,
            kh,     kw,     sh,     sw,      g.pad_top, g.pad_left};
}
ConvGeom transpose_geom(const LayerGeom& g, int kh, int kw, int sh, int sw) {
    return {g.out.h, g.out.w, g.out.c, g.in.h, g.in.w,    g.in.c,
            kh,      kw,      sh,      sw,     g.pad_top, g.pad_left};
}

struct ConvCase {
    int h, w, cin, filters, kh, kw, sh, sw;
    bool same;
};
// Below, at and above the kernel size; odd sizes; strides 1, 2, 3; both paddings; channels.
const ConvCase kConvCases[] = {
    {5, 7, 1, 1, 3, 3, 2, 2, true},  {5, 7, 2, 3, 3, 3, 2, 2, false},
    {3, 3, 1, 2, 3, 3, 1, 1, false}, {4, 6, 3, 2, 3, 3, 1, 1, true},
    {6, 5, 2, 4, 2, 3, 2, 1, true},  {8, 8, 3, 5, 3, 3, 2, 2, true},
    {7, 9, 4, 3, 5, 3, 3, 2, false}, {2, 3, 2, 2, 3, 3, 1, 2, true},
    {9, 7, 1, 2, 1, 1, 2, 2, false}, {11, 10, 6, 7, 3, 3, 1, 1, true},
};

} // namespace

TEST(Conv2d, MatchesTheDirectLoopAtEverySize) {
    Rng rng(1);
    for (const ConvCase& k : kConvCases) {
        const LayerGeom lg =
            geometry(conv_layer(LayerType::conv2d, k.filters, k.kh, k.kw, k.sh, k.sw, k.same),
                     image(k.h, k.w, k.cin));
        const ConvGeom g = conv_geom(lg, k.kh, k.kw, k.sh, k.sw);
        const int n = 2;
        const auto x = random_vec(rng, n * g.in_size());
        const auto w = random_vec(rng, long(g.cols()) * g.oc);
        const auto b = random_vec(rng, g.oc);
        std::vector<double> y(n * g.out_size()), cols(size_t(g.rows()) * g.cols());
        conv2d_forward(y.data(), x.data(), w.data(), b.data(), n, g, cols.data());
        for (int i = 0; i < n; ++i) {
            int oh = 0, ow = 0;
            const std::vector<double> xi(x.begin() + i * g.in_size(),
                                         x.begin() + (i + 1) * g.in_size());
            const auto ref = naive_conv2d(xi, w, b, k.h, k.w, k.cin, k.filters, k.kh, k.kw, k.sh,
                                          k.sw, k.same, &oh, &ow);
            ASSERT_EQ(oh, g.oh);
            ASSERT_EQ(ow, g.ow);
            for (long j = 0; j < g.out_size(); ++j)
                EXPECT_NEAR(y[i * g.out_size() + j], ref[j], 1e-12) << k.h << "x" << k.w;
        }
    }
}

TEST(Conv2dTranspose, MatchesTheScatterLoopAtEverySize) {
    Rng rng(2);
    for (const ConvCase& k : kConvCases) {
        const LayerGeom lg = geometry(
            conv_layer(LayerType::conv2d_transpose, k.filters, k.kh, k.kw, k.sh, k.sw, k.same),
            image(k.h, k.w, k.cin));
        const ConvGeom g = transpose_geom(lg, k.kh, k.kw, k.sh, k.sw);
        const int n = 2;
        const auto x = random_vec(rng, n * g.out_size());      // (h, w, cin)
        const auto w = random_vec(rng, long(g.cols()) * g.oc); // (kh, kw, filters, cin)
        const auto b = random_vec(rng, k.filters);
        std::vector<double> wt(w.size()), y(n * g.in_size()), cols(size_t(g.rows()) * g.cols());
        transpose(wt.data(), w.data(), g.cols(), g.oc);
        conv2d_transpose_forward(y.data(), x.data(), wt.data(), b.data(), n, g, cols.data());
        for (int i = 0; i < n; ++i) {
            int oh = 0, ow = 0;
            const std::vector<double> xi(x.begin() + i * g.out_size(),
                                         x.begin() + (i + 1) * g.out_size());
            const auto ref = naive_conv2d_transpose(xi, w, b, k.h, k.w, k.cin, k.filters, k.kh,
                                                    k.kw, k.sh, k.sw, k.same, &oh, &ow);
            ASSERT_EQ(oh, lg.out.h);
            ASSERT_EQ(ow, lg.out.w);
            for (long j = 0; j < g.in_size(); ++j)
                EXPECT_NEAR(y[i * g.in_size() + j], ref[j], 1e-12) << k.h << "x" << k.w;
        }
    }
}

// A 1 x 1 input through a 3 x 3 kernel, stride 2, `same`: the output is 2 x 2 and holds the
// kernel's top-left 2 x 2 block times the input, plus the bias (the adjoint conv2d pads 1 row
// and column, all at the bottom / right).
TEST(Conv2dTranspose, OnePixelStrideTwoSameByHand) {
    const LayerGeom lg =
        geometry(conv_layer(LayerType::conv2d_transpose, 1, 3, 3, 2, 2, true), image(1, 1, 1));
    EXPECT_EQ(lg.out, image(2, 2, 1));
    const ConvGeom g = transpose_geom(lg, 3, 3, 2, 2);
    const double w[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, x = 2, b = 0.5;
    double y[4], cols[9];
    conv2d_transpose_forward(y, &x, w, &b, 1, g, cols); // wt of a (9, 1) kernel is itself
    EXPECT_EQ(y[0], 2.5);
    EXPECT_EQ(y[1], 4.5);
    EXPECT_EQ(y[2], 8.5);
    EXPECT_EQ(y[3], 10.5);
}

// The adjoint identity <conv(u), v> = <u, conv^T(v)> (no bias): conv2d_transpose is conv2d's
// transpose, and conv2d_backward_input is the same map.
TEST(Conv2dTranspose, IsTheAdjointOfConv2d) {
    Rng rng(3);
    for (const ConvCase& k : kConvCases) {
        const LayerGeom lg =
            geometry(conv_layer(LayerType::conv2d, k.filters, k.kh, k.kw, k.sh, k.sw, k.same),
                     image(k.h, k.w, k.cin));
        const ConvGeom g = conv_geom(lg, k.kh, k.kw, k.sh, k.sw);
        const auto u = random_vec(rng, g.in_size()), v = random_vec(rng, g.out_size());
        const auto w = random_vec(rng, long(g.cols()) * g.oc);
        std::vector<double> zero(std::max(g.oc, g.ic), 0.0), cu(g.out_size()), tv(g.in_size()),
            wt(w.size()), cols(size_t(g.rows()) * g.cols());
        conv2d_forward(cu.data(), u.data(), w.data(), zero.data(), 1, g, cols.data());
        transpose(wt.data(), w.data(), g.cols(), g.oc);
        conv2d_transpose_forward(tv.data(), v.data(), wt.data(), zero.data(), 1, g, cols.data());
        EXPECT_NEAR(dot(cu, v), dot(u, tv), 1e-11);
    }
}

namespace {
// Central differences of L = sum(c * f(p)) with respect to p, against the analytic gradient (h =
// 1e-6; L sums up to ~1500 products, so its rounding allows ~1e-7 in the difference quotient).
template <class F>
void expect_gradient(const char* what, std::vector<double>& p, const std::vector<double>& analytic,
                     F loss) {
    const double h = 1e-6;
    for (size_t i = 0; i < p.size(); ++i) {
        const double keep = p[i];
        p[i] = keep + h;
        const double lp = loss();
        p[i] = keep - h;
        const double lm = loss();
        p[i] = keep;
        const double num = (lp - lm) / (2 * h);
        EXPECT_NEAR(analytic[i], num, 1e-6 * std::max(1.0, std::fabs(num))) << what << " " << i;
    }
}
} // namespace

TEST(GradientCheck, Conv2dParamsAndInput) {
    Rng rng(4);
    for (const ConvCase& k : kConvCases) {
        const LayerGeom lg =
            geometry(conv_layer(LayerType::conv2d, k.filters, k.kh, k.kw, k.sh, k.sw, k.same),
                     image(k.h, k.w, k.cin));
        const ConvGeom g = conv_geom(lg, k.kh, k.kw, k.sh, k.sw);
        const int n = 2;
        auto x = random_vec(rng, n * g.in_size());
        auto w = random_vec(rng, long(g.cols()) * g.oc);
        auto b = random_vec(rng, g.oc);
        const auto c = random_vec(rng, n * g.out_size());
        std::vector<double> y(c.size()), cols(size_t(g.rows()) * g.cols());
        auto loss = [&]() {
            conv2d_forward(y.data(), x.data(), w.data(), b.data(), n, g, cols.data());
            return dot(c, y);
        };
        std::vector<double> dw(w.size(), 0.0), db(b.size(), 0.0), dx(x.size()), wt(w.size());
        conv2d_backward_params(dw.data(), db.data(), x.data(), c.data(), n, g, cols.data());
        transpose(wt.data(), w.data(), g.cols(), g.oc);
        conv2d_backward_input(dx.data(), c.data(), wt.data(), n, g, cols.data());
        expect_gradient("conv2d dw", w, dw, loss);
        expect_gradient("conv2d db", b, db, loss);
        expect_gradient("conv2d dx", x, dx, loss);
    }
}

TEST(GradientCheck, Conv2dTransposeParamsAndInput) {
    Rng rng(5);
    for (const ConvCase& k : kConvCases) {
        const LayerGeom lg = geometry(
            conv_layer(LayerType::conv2d_transpose, k.filters, k.kh, k.kw, k.sh, k.sw, k.same),
            image(k.h, k.w, k.cin));
        const ConvGeom g = transpose_geom(lg, k.kh, k.kw, k.sh, k.sw);
        const int n = 2;
        auto x = random_vec(rng, n * g.out_size());
        auto w = random_vec(rng, long(g.cols()) * g.oc);
        auto b = random_vec(rng, g.ic);
        const auto c = random_vec(rng, n * g.in_size());
        std::vector<double> y(c.size()), cols(size_t(g.rows()) * g.cols()), wt(w.size());
        auto loss = [&]() {
            transpose(wt.data(), w.data(), g.cols(), g.oc);
            conv2d_transpose_forward(y.data(), x.data(), wt.data(), b.data(), n, g, cols.data());
            return dot(c, y);
        };
        std::vector<double> dw(w.size(), 0.0), db(b.size(), 0.0), dx(x.size()), sink(g.oc),
            zeros(g.oc, 0.0);
        conv2d_transpose_backward_params(dw.data(), db.data(), x.data(), c.data(), n, g,
                                         cols.data(), sink.data());
        conv2d_transpose_backward_input(dx.data(), c.data(), w.data(), n, g, cols.data(),
                                        zeros.data());
        expect_gradient("conv2d_transpose dw", w, dw, loss);
        expect_gradient("conv2d_transpose db", b, db, loss);
        expect_gradient("conv2d_transpose dx", x, dx, loss);
    }
}

TEST(GradientCheck, MaxPoolUpSampleCrop) {
    Rng rng(6);
    struct PoolCase {
        int h, w, c, k, s;
        bool same;
    } cases[] = {{5, 7, 1, 2, 2, true},
                 {5, 7, 3, 2, 2, false},
                 {6, 6, 2, 3, 2, true},
                 {7, 5, 2, 3, 1, false},
                 {4, 4, 1, 2, 2, true}};
    for (const PoolCase& p : cases) {
        LayerConfig l;
        l.type = LayerType::max_pooling2d;
        l.pool_size[0] = l.pool_size[1] = p.k;
        l.strides[0] = l.strides[1] = p.s;
        l.padding = p.same ? Padding::same : Padding::valid;
        const LayerGeom lg = geometry(l, image(p.h, p.w, p.c));
        EXPECT_EQ(lg.out.h, out_len(p.h, p.k, p.s, p.same));
        EXPECT_EQ(lg.out.w, out_len(p.w, p.k, p.s, p.same));
        const ConvGeom g = conv_geom(lg, p.k, p.k, p.s, p.s);
        const int n = 2;
        // Distinct values spaced 0.01 apart (shuffled), so no difference step changes an argmax.
        std::vector<double> x(n * g.in_size());
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = 0.01 * double(i);
        std::vector<uint32_t> order(x.size());
        for (size_t i = 0; i < x.size(); ++i)
            order[i] = uint32_t(i);
        rng.shuffle(order.data(), int(order.size()));
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = 0.01 * double(order[i]);
        const auto c = random_vec(rng, n * g.out_size());
        std::vector<double> y(c.size()), dx(x.size());
        std::vector<int> arg(c.size());
        auto loss = [&]() {
            max_pool_forward(y.data(), arg.data(), x.data(), n, g);
            return dot(c, y);
        };
        loss();
        max_pool_backward(dx.data(), c.data(), arg.data(), n, g);
        expect_gradient("max_pooling2d dx", x, dx, loss);

        // up_sampling2d by (2, 3) and cropping2d (1, 0, 2, 1) on the same input
        std::vector<double> u(size_t(n) * p.h * 2 * p.w * 3 * p.c), du(x.size());
        const auto cu = random_vec(rng, long(u.size()));
        auto up_loss = [&]() {
            upsample_forward(u.data(), x.data(), n, p.h, p.w, p.c, 2, 3);
            return dot(cu, u);
        };
        upsample_backward(du.data(), cu.data(), n, p.h, p.w, p.c, 2, 3);
        expect_gradient("up_sampling2d dx", x, du, up_loss);
        std::vector<double> cr(size_t(n) * (p.h - 1) * (p.w - 3) * p.c), dc(x.size());
        const auto cc = random_vec(rng, long(cr.size()));
        auto crop_loss = [&]() {
            crop_forward(cr.data(), x.data(), n, p.h, p.w, p.c, 1, 0, 2, 1);
            return dot(cc, cr);
        };
        crop_backward(dc.data(), cc.data(), n, p.h, p.w, p.c, 1, 0, 2, 1);
        expect_gradient("cropping2d dx", x, dc, crop_loss);
    }
}

// Ties go to the first maximum in row-major window order; `same` padding never wins even when
// every value is negative.
TEST(MaxPool, TiesAndNegativeValuesByHand) {
    LayerConfig l;
    l.type = LayerType::max_pooling2d;
    l.padding = Padding::same;
    l.strides[0] = l.strides[1] = 2;
    const LayerGeom lg = geometry(l, image(3, 3, 1)); // 2 x 2 out, the last row/col padded
    const ConvGeom g = conv_geom(lg, 2, 2, 2, 2);
    const float x[9] = {5,  5,  -1, //
                        5,  1,  -2, //
                        -3, -4, -9};
    float y[4], dy[4] = {1, 2, 3, 4}, dx[9];
    int arg[4];
    max_pool_forward(y, arg, x, 1, g);
    EXPECT_EQ(y[0], 5.0f);
    EXPECT_EQ(arg[0], 0); // three 5s: the first
    EXPECT_EQ(y[1], -1.0f);
    EXPECT_EQ(y[2], -3.0f);
    EXPECT_EQ(y[3], -9.0f);
    max_pool_backward(dx, dy, arg, 1, g);
    const float want[9] = {1, 0, 2, 0, 0, 0, 3, 0, 4};
    for (int i = 0; i < 9; ++i)
        EXPECT_EQ(dx[i], want[i]) << i;
}

TEST(UpSampling, NearestByHand) {
    const float x[4] = {1, 2, 3, 4}; // (2, 2, 1)
    float y[12];
    upsample_forward(y, x, 1, 2, 2, 1, 1, 3); // (2, 6, 1)
    const float want[12] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(y[i], want[i]);
}

// penalty = (l1 * sum|y| + l2 * sum y^2) / n, and its gradient.
TEST(GradientCheck, ActivityRegularizer) {
    Rng rng(8);
    const int n = 3;
    const long width = 5;
    auto y = random_vec(rng, n * width);
    const double l1 = 0.3, l2 = 0.7;
    double by_hand = 0;
    for (double v : y)
        by_hand += l1 * std::fabs(v) + l2 * v * v;
    EXPECT_NEAR(activity_penalty(y.data(), n, width, l1, l2), by_hand / n, 1e-14);
    const std::vector<double> zero(y.size(), 0.0);
    std::vector<double> g(y.size());
    activity_penalty_backward(g.data(), zero.data(), y.data(), n, width, l1, l2);
    expect_gradient("activity_regularizer", y, g,
                    [&]() { return activity_penalty(y.data(), n, width, l1, l2); });
}

namespace {
Config parse_ok(const std::string& json) {
    Config c;
    const Status s = parse_config(json, &c);
    EXPECT_TRUE(s.ok()) << s.error;
    return c;
}
// Every layer type but dropout, with an activity regularizer, on a 6 x 5 image.
const char* kAllLayersConfig = R"({"data": {"name": "uniform", "samples": 8, "features": 30},
  "model": {"input": [6, 5, 1],
    "encoder": [
      {"type": "conv2d", "filters": 3, "kernel_size": 3, "strides": 2, "padding": "same",
       "activation": "tanh"},
      {"type": "max_pooling2d", "pool_size": 2, "padding": "same"},
      {"type": "flatten"},
      {"type": "dense", "units": 4, "activation": "tanh",
       "activity_regularizer": {"l1": 0.01, "l2": 0.02}}],
    "decoder": [
      {"type": "dense", "units": 12, "activation": "tanh"},
      {"type": "reshape", "target_shape": [2, 2, 3]},
      {"type": "up_sampling2d", "size": 2},
      {"type": "conv2d_transpose", "filters": 2, "kernel_size": 3, "strides": 2,
       "activation": "tanh"},
      {"type": "cropping2d", "cropping": [[1, 2], [2, 2]]},
      {"type": "conv2d", "filters": 1, "kernel_size": [3, 2], "padding": "same",
       "activation": "sigmoid"}]},
  "train": {"loss": "mse"}})";
} // namespace

TEST(Model, AllLayerShapesAndCounts) {
    const Config c = parse_ok(kAllLayersConfig);
    Model m;
    m.build(c);
    const auto rows = m.summary_rows();
    const char* shapes[] = {"(None, 6, 5, 1)", "(None, 3, 3, 3)", "(None, 2, 2, 3)",
                            "(None, 12)",      "(None, 4)",       "(None, 12)",
                            "(None, 2, 2, 3)", "(None, 4, 4, 3)", "(None, 9, 9, 2)",
                            "(None, 6, 5, 2)", "(None, 6, 5, 1)"};
    ASSERT_EQ(rows.size(), 11u);
    for (size_t i = 0; i < rows.size(); ++i)
        EXPECT_EQ(rows[i].shape, shapes[i]) << rows[i].name;
    EXPECT_EQ(rows[1].params, 3 * 3 * 1 * 3 + 3);
    EXPECT_EQ(rows[8].params, 3 * 3 * 2 * 3 + 2); // kernel (3, 3, filters 2, cin 3)
    EXPECT_EQ(rows[8].name, "decoder_4 (Conv2DTranspose)");
    EXPECT_EQ(rows[10].params, 3 * 2 * 2 * 1 + 1);
    EXPECT_EQ(m.latent_dim(), 4);
}

// The whole model's backward (every layer type, the regularizer) against differences of the
// float model's own loss; a wiring check, the kernels' precise checks are above.
TEST(GradientCheck, WholeConvModel) {
    const Config c = parse_ok(kAllLayersConfig);
    Model m;
    m.build(c);
    Rng rng(9);
    m.init(rng);
    for (auto& p : m.params)
        p += 0.05f * (rng.uniform() - 0.5f);
    const int n = 3, d = 30;
    std::vector<float> x(n * d), grad(n * d);
    for (auto& v : x)
        v = rng.uniform();
    m.reserve(n);
    auto loss_at = [&]() {
        const float* y = m.predict(x.data(), n);
        return loss_forward_backward<float>(nullptr, y, x.data(), n, d, Loss::mse) +
               m.activity_penalty();
    };
    const float* y = m.forward(x.data(), n);
    loss_forward_backward(grad.data(), y, x.data(), n, d, Loss::mse);
    EXPECT_GT(m.activity_penalty(), 0.0);
    m.backward(x.data(), grad.data(), n);
    const std::vector<float> analytic = m.grads;
    const float h = 1e-2f;
    for (size_t i = 0; i < m.params.size(); ++i) {
        const float keep = m.params[i];
        m.params[i] = keep + h;
        const double lp = loss_at();
        m.params[i] = keep - h;
        const double lm = loss_at();
        m.params[i] = keep;
        const double num = (lp - lm) / (2.0 * double(h));
        EXPECT_NEAR(analytic[i], num, 2e-4 + 2e-2 * std::fabs(num)) << "param " << i;
    }
}

TEST(Dropout, InvertedMasksInTrainingOnly) {
    const Config c = parse_ok(R"({"data": {"name": "uniform", "samples": 8, "features": 400},
      "model": {"input": 400, "encoder": [{"type": "dropout", "rate": 0.25},
        {"type": "dense", "units": 2}], "decoder": [{"type": "dense", "units": 400}]}})");
    Model m;
    m.build(c);
    Rng rng(3);
    m.init(rng);
    const int n = 5, d = 400;
    m.reserve(n);
    std::vector<float> x(n * d, 2.0f);
    auto run = [&](bool training) {
        const float* p = training ? m.forward(x.data(), n) : m.predict(x.data(), n);
        return std::vector<float>(p, p + n * d);
    };
    EXPECT_NE(run(true), run(true)); // a fresh mask each batch
    EXPECT_EQ(run(false), run(false));
    std::vector<float> z1(n * 2), z2(n * 2);
    m.encode(x.data(), n, z1.data());
    m.encode(x.data(), n, z2.data());
    EXPECT_EQ(z1, z2);
}

// The kept fraction is 1 - rate and kept values are scaled by 1 / (1 - rate): with the encoder's
// kernel e_k and the decoder's first weight 1, output 0 is input k after dropout.
TEST(Dropout, KeptFractionAndScale) {
    const Config c = parse_ok(R"({"data": {"name": "uniform", "samples": 8, "features": 1000},
      "model": {"input": 1000, "encoder": [{"type": "dropout", "rate": 0.25},
        {"type": "dense", "units": 1}], "decoder": [{"type": "dense", "units": 1000}]}})");
    Model m;
    m.build(c);
    const int d = 1000;
    m.reserve(1);
    std::vector<float> x(d, 1.0f);
    int kept = 0;
    for (int k = 0; k < d; ++k) {
        std::fill(m.params.begin(), m.params.end(), 0.0f);
        m.params[size_t(k)] = 1.0f;                   // encoder kernel (1000, 1)
        m.params[size_t(m.layer(2).w_offset)] = 1.0f; // decoder kernel (1, 1000)
        const float v = m.forward(x.data(), 1)[0];
        EXPECT_TRUE(v == 0.0f || v == float(1.0 / 0.75)) << v;
        kept += v != 0.0f;
    }
    EXPECT_NEAR(kept / double(d), 0.75, 0.05); // 1000 draws: 3.6 standard deviations
}

// Seed 004: Conv2D 32/64/128 with `same` pooling to 4 x 4 x 128, Conv2DTranspose 128/64/32/1 to
// 32 x 32 x 1, cropped to 28 x 28. Every count from Keras' formulas here.
TEST(Model, Seed004ShapesAndParameterCounts) {
    const Config c = load_example("examples/seed004_conv_denoiser.json");
    Model m;
    m.build(c);
    auto conv = [](long k, long cin, long f) { return k * k * cin * f + f; };
    auto convt = [](long k, long cin, long f) { return k * k * f * cin + f; };
    const long counts[] = {conv(3, 1, 32),
                           0,
                           conv(3, 32, 64),
                           0,
                           conv(3, 64, 128),
                           0,
                           convt(3, 128, 128),
                           convt(3, 128, 64),
                           convt(3, 64, 32),
                           convt(3, 32, 1),
                           0};
    const char* shapes[] = {"(None, 28, 28, 32)", "(None, 14, 14, 32)", "(None, 14, 14, 64)",
                            "(None, 7, 7, 64)",   "(None, 7, 7, 128)",  "(None, 4, 4, 128)",
                            "(None, 8, 8, 128)",  "(None, 16, 16, 64)", "(None, 16, 16, 32)",
                            "(None, 32, 32, 1)",  "(None, 28, 28, 1)"};
    const auto rows = m.summary_rows();
    ASSERT_EQ(rows.size(), 12u);
    EXPECT_EQ(rows[0].shape, "(None, 28, 28, 1)");
    long total = 0;
    for (int i = 0; i < 11; ++i) {
        EXPECT_EQ(rows[i + 1].params, counts[i]) << rows[i + 1].name;
        EXPECT_EQ(rows[i + 1].shape, shapes[i]) << rows[i + 1].name;
        total += counts[i];
    }
    EXPECT_EQ(m.num_params(), total);
    EXPECT_EQ(total, 332801); // the number Keras prints for this model
    EXPECT_EQ(m.latent_dim(), 4 * 4 * 128);
    const std::string s = m.summary();
    EXPECT_NE(s.find("encoder_1 (Conv2D)"), std::string::npos) << s;
    EXPECT_NE(s.find("3 x 3 x 1 x 32 + 32 = 320"), std::string::npos) << s;
    EXPECT_NE(s.find("decoder_5 (Cropping2D)"), std::string::npos) << s;
    EXPECT_NE(s.find("Total params: 332,801"), std::string::npos) << s;
}

// Seed 003: Conv2D 32 + MaxPooling2D twice down to 7 x 7 x 32, Conv2D 32 + UpSampling2D twice up,
// Conv2D 1 (sigmoid) back to 28 x 28 x 1.
TEST(Model, Seed003ShapesAndParameterCounts) {
    const Config c = load_example("examples/seed003_conv_denoiser.json");
    Model m;
    m.build(c);
    auto conv = [](long k, long cin, long f) { return k * k * cin * f + f; };
    const long counts[] = {conv(3, 1, 32),  0, conv(3, 32, 32), 0, conv(3, 32, 32), 0,
                           conv(3, 32, 32), 0, conv(3, 32, 1)};
    const char* shapes[] = {"(None, 28, 28, 32)", "(None, 14, 14, 32)", "(None, 14, 14, 32)",
                            "(None, 7, 7, 32)",   "(None, 7, 7, 32)",   "(None, 14, 14, 32)",
                            "(None, 14, 14, 32)", "(None, 28, 28, 32)", "(None, 28, 28, 1)"};
    const auto rows = m.summary_rows();
    ASSERT_EQ(rows.size(), 10u);
    long total = 0;
    for (int i = 0; i < 9; ++i) {
        EXPECT_EQ(rows[i + 1].params, counts[i]) << rows[i + 1].name;
        EXPECT_EQ(rows[i + 1].shape, shapes[i]) << rows[i + 1].name;
        total += counts[i];
    }
    EXPECT_EQ(m.num_params(), total);
    EXPECT_EQ(total, 28353);
}

TEST(Config, ConvConfigRoundTripsThroughCanonicalJson) {
    for (const char* ex :
         {"examples/seed004_conv_denoiser.json", "examples/seed003_conv_denoiser.json",
          "examples/mnist_conv_small.json", "examples/sparse_dense.json"}) {
        const Config c = load_example(ex);
        const std::string j = config_to_json(c);
        const Config c2 = parse_ok(j);
        EXPECT_EQ(config_to_json(c2), j) << ex;
        Model a, b;
        a.build(c);
        b.build(c2);
        EXPECT_EQ(a.summary(), b.summary()) << ex;
    }
    // Keras' int-or-pair arguments and the three cropping forms.
    const Config c = parse_ok(R"({"data": {"name": "uniform", "samples": 8, "features": 70},
      "model": {"input": [7, 10, 1],
        "encoder": [{"type": "conv2d", "filters": 2, "kernel_size": [3, 1], "strides": [1, 2]},
                    {"type": "cropping2d", "cropping": 1}],
        "decoder": [{"type": "cropping2d", "cropping": [[0, 1], [1, 0]]},
                    {"type": "flatten"}, {"type": "dense", "units": 70},
                    {"type": "reshape", "target_shape": [7, 10, 1]}]}})");
    EXPECT_EQ(c.encoder[0].kernel_size[0], 3);
    EXPECT_EQ(c.encoder[0].kernel_size[1], 1);
    EXPECT_EQ(c.encoder[0].strides[1], 2);
    Model m;
    m.build(c);
    EXPECT_EQ(m.summary_rows()[1].shape, "(None, 5, 5, 2)");
    EXPECT_EQ(m.summary_rows()[2].shape, "(None, 3, 3, 2)");
    EXPECT_EQ(m.summary_rows()[3].shape, "(None, 2, 2, 2)");
}

// Every new field's bad values: the message names the field and what is accepted.
TEST(Config, ConvFieldErrorsNameTheField) {
    auto model = [](const std::string& input, const std::string& enc, const std::string& dec) {
        return R"({"data": {"name": "mnist", "samples": 100}, "model": {"input": )" + input +
               R"(, "encoder": [)" + enc + R"(], "decoder": [)" + dec + "]}}";
    };
    const std::string ok_dec = R"({"type": "flatten"}, {"type": "dense", "units": 784},
        {"type": "reshape", "target_shape": [28, 28, 1]})";
    const struct {
        std::string json, expected;
    } cases[] = {
        {model("[28, 28]", R"({"type": "flatten"})", ok_dec), "model.input: expected a number"},
        {model("[28, 28, 0]", R"({"type": "flatten"})", ok_dec), "model.input: expected"},
        {model("[28, 28, 1]", R"({"type": "conv3d"})", ok_dec),
         "model.encoder[0].type: expected one of dense, conv2d"},
        {model("[28, 28, 1]", R"({"type": "conv2d", "kernel_size": 3})", ok_dec),
         "model.encoder[0].filters: missing"},
        {model("[28, 28, 1]", R"({"type": "conv2d", "filters": 4})", ok_dec),
         "model.encoder[0].kernel_size: missing"},
        {model("[28, 28, 1]", R"({"type": "conv2d", "filters": 4, "kernel_size": [3, 3, 3]})",
               ok_dec),
         "model.encoder[0].kernel_size: expected an integer from 1 to 15 or a list"},
        {model("[28, 28, 1]", R"({"type": "conv2d", "filters": 4, "kernel_size": 3, "strides": 0})",
               ok_dec),
         "model.encoder[0].strides: expected an integer from 1 to 16"},
        {model("[28, 28, 1]",
               R"({"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": "causal"})",
               ok_dec),
         "model.encoder[0].padding: expected one of valid, same"},
        {model("[28, 28, 1]", R"({"type": "conv2d", "filters": 4, "kernel_size": 3, "units": 4})",
               ok_dec),
         "model.encoder[0].units: unknown key"},
        {model("[5, 5, 1]", R"({"type": "conv2d", "filters": 4, "kernel_size": 7})", ok_dec),
         "model.encoder[0].kernel_size: 7 x 7 is larger than the input 5 x 5 x 1 with padding "
         "\"valid\""},
        {model("[28, 28, 1]", R"({"type": "max_pooling2d", "pool_size": 0})", ok_dec),
         "model.encoder[0].pool_size: expected an integer from 1 to 16"},
        {model("[28, 28, 1]", R"({"type": "up_sampling2d", "size": [2]})", ok_dec),
         "model.encoder[0].size: expected an integer from 1 to 16 or a list [height, width]"},
        {model("[28, 28, 1]", R"({"type": "cropping2d", "cropping": [[1, 2, 3], [0, 0]]})", ok_dec),
         "model.encoder[0].cropping: expected an integer from 0 to 1024"},
        {model("[28, 28, 1]", R"({"type": "cropping2d", "cropping": 14})", ok_dec),
         "model.encoder[0].cropping: crops 14 + 14 rows"},
        {model("[28, 28, 1]", R"({"type": "reshape", "target_shape": [7, 7, 7]})", ok_dec),
         "model.encoder[0].target_shape: 7 x 7 x 7 = 343 values, but the input (None, 28, 28, 1) "
         "has 784"},
        {model("[28, 28, 1]", R"({"type": "reshape", "target_shape": [28, 28]})", ok_dec),
         "model.encoder[0].target_shape: expected [n] or [height, width, channels]"},
        {model("[28, 28, 1]", R"({"type": "dropout", "rate": 1})", ok_dec),
         "model.encoder[0].rate: expected a number from 0 to 1 (exclusive)"},
        {model("[28, 28, 1]", R"({"type": "dropout"})", ok_dec), "model.encoder[0].rate: missing"},
        {model("[28, 28, 1]", R"({"type": "dense", "units": 8})", ok_dec),
         "model.encoder[0]: dense needs a flat input, got (None, 28, 28, 1); add {\"type\": "
         "\"flatten\"}"},
        {model("784", R"({"type": "conv2d", "filters": 2, "kernel_size": 3})", ok_dec),
         "model.encoder[0]: conv2d needs an image input"},
        {model("[28, 28, 1]",
               R"({"type": "conv2d", "filters": 2, "kernel_size": 3, "padding": "same"})",
               R"({"type": "conv2d_transpose", "filters": 1, "kernel_size": 3, "strides": 2})"),
         "model.decoder[0]: output (None, 57, 57, 1) does not match the input (None, 28, 28, 1); "
         "add {\"type\": \"cropping2d\", \"cropping\": [[0, 29], [0, 29]]}"},
        {model("784", R"({"type": "dense", "units": 8, "activity_regularizer": 0.1})",
               R"({"type": "dense", "units": 784})"),
         "model.encoder[0].activity_regularizer: expected an object like {\"l1\": 0.0001}"},
        {model("784", R"({"type": "dense", "units": 8, "activity_regularizer": {"l3": 1}})",
               R"({"type": "dense", "units": 784})"),
         "model.encoder[0].activity_regularizer.l3: unknown key"},
        {model("784", R"({"type": "dense", "units": 8, "activity_regularizer": {"l1": -1}})",
               R"({"type": "dense", "units": 784})"),
         "model.encoder[0].activity_regularizer.l1: expected a number from 0 to 1000"},
    };
    for (const auto& k : cases) {
        Config c;
        c.seed = 7;
        const Status s = parse_config(k.json, &c);
        EXPECT_FALSE(s.ok()) << k.json;
        EXPECT_NE(s.error.find(k.expected), std::string::npos)
            << "got: " << s.error << "\nwant: " << k.expected;
        EXPECT_EQ(c.seed, 7u); // nothing changed
    }
}

// A missing "type" is a dense layer, so configs written before the other types still parse.
TEST(Config, TypeDefaultsToDense) {
    const Config c = parse_ok(R"({"data": {"name": "uniform", "samples": 8, "features": 4},
      "model": {"input": 4, "encoder": [{"units": 2}], "decoder": [{"units": 4}]}})");
    EXPECT_EQ(c.encoder[0].type, LayerType::dense);
    EXPECT_EQ(c.encoder[0].units, 2);
}

// The memory estimate counts conv activations: seed 004 at batch 128 holds z and y of each layer.
TEST(Config, MemoryEstimateCountsConvActivations) {
    Config c = load_example("examples/seed004_conv_denoiser.json");
    long per_sample = 0;
    for (long v : {28 * 28 * 32, 14 * 14 * 32, 14 * 14 * 64, 7 * 7 * 64, 7 * 7 * 128, 4 * 4 * 128,
                   8 * 8 * 128, 16 * 16 * 64, 16 * 16 * 32, 32 * 32 * 1, 28 * 28 * 1})
        per_sample += 2 * v;
    const MemoryEstimate m = estimate_memory(c);
    EXPECT_GE(m.activations, int64_t(c.train.batch_size) * per_sample * 4);
    EXPECT_LT(m.activations, int64_t(c.train.batch_size) * per_sample * 4 * 2);
}

// A small conv denoiser trains: the loss falls over two epochs on a slice of MNIST, and the same
// config trains to the same bits twice.
TEST(Session, SmallConvModelTrainsAndIsDeterministic) {
    Config c = load_example("examples/mnist_conv_small.json");
    c.data.samples = 200;
    c.train.epochs = 2;
    std::vector<double> losses[2];
    if (!have_mnist()) GTEST_SKIP() << "build/data/mnist.bin not prepared (./scripts/build)";
    for (auto& l : losses) {
        std::unique_ptr<Session> s;
        const Status st = open_session(c, &s, source_path("build/data"));
        ASSERT_TRUE(st.ok()) << st.error;
        while (s->train_epoch() > 0) {
        }
        l = s->history().loss;
    }
    ASSERT_EQ(losses[0].size(), 2u);
    EXPECT_LT(losses[0][1], losses[0][0]);
    EXPECT_EQ(losses[0], losses[1]);
}

// The sparse autoencoder: the validation loss is the reconstruction loss plus l1 * sum |codes| /
// n, recomputed here from encode() and reconstruct(); the evaluation reports the codes' mean and
// inactive fraction as counted here.
TEST(Session, SparseAutoencoderLossAndCodeStatistics) {
    Config c = load_example("examples/sparse_dense.json");
    c.data.samples = 300;
    c.train.epochs = 2;
    if (!have_mnist()) GTEST_SKIP() << "build/data/mnist.bin not prepared (./scripts/build)";
    std::unique_ptr<Session> s;
    const Status st = open_session(c, &s, source_path("build/data"));
    ASSERT_TRUE(st.ok()) << st.error;
    while (s->train_epoch() > 0) {
    }
    const MatrixRM& x = s->x_val();
    const int n = int(x.rows()), d = int(x.cols()), k = s->model().latent_dim();
    ASSERT_EQ(k, 32);
    MatrixRM codes(n, k), recon(n, d);
    s->model().encode(x.data(), n, codes.data());
    s->model().reconstruct(x.data(), n, recon.data());
    double l1_sum = 0.0, sum = 0.0;
    long inactive = 0;
    for (int r = 0; r < n; ++r)
        for (int j = 0; j < k; ++j) {
            l1_sum += std::fabs(double(codes(r, j)));
            sum += codes(r, j);
            inactive += std::fabs(double(codes(r, j))) < 1e-6;
        }
    const double recon_loss =
        loss_forward_backward<float>(nullptr, recon.data(), x.data(), n, d, c.train.loss);
    const double l1 = c.encoder.back().l1;
    EXPECT_EQ(l1, 1e-4);
    // evaluate_loss runs in chunks of the batch size: the penalty per chunk / chunk size, weighted
    // by chunk size, sums to l1 * sum |codes| / n.
    EXPECT_NEAR(s->evaluate_loss(x), recon_loss + l1 * l1_sum / n, 1e-6);
    const Evaluation e = evaluate(*s);
    ASSERT_TRUE(e.sparse);
    EXPECT_EQ(e.code_units, 32);
    EXPECT_NEAR(e.code_mean_activation, sum / (double(n) * k), 1e-9);
    EXPECT_NEAR(e.code_inactive_fraction, double(inactive) / (double(n) * k), 1e-12);
    EXPECT_NE(evaluation_json(e, false).find("\"inactive_fraction\""), std::string::npos);
}

// A conv model saved to a model file loads with the same layout and weights and reconstructs to
// the same bits (the file keeps the config; build() from it reproduces the layout).
TEST(ModelFile, ConvModelRoundTrips) {
    std::unique_ptr<Session> s;
    const Status st = open_session(std::string(kAllLayersConfig), &s);
    ASSERT_TRUE(st.ok()) << st.error;
    s->train_epoch();
    const std::string bytes = save_model(*s);
    TrainedModel m;
    const Status lt = load_model(bytes, "conv.aemodel", &m);
    ASSERT_TRUE(lt.ok()) << lt.error;
    EXPECT_EQ(config_to_json(m.config), config_to_json(s->config()));
    ASSERT_EQ(m.model.params, s->model().params);
    EXPECT_EQ(m.model.summary(), s->model().summary());
    const MatrixRM& x = s->x_train();
    std::vector<float> a(x.size()), b(x.size());
    s->model().reconstruct(x.data(), int(x.rows()), a.data());
    m.model.reconstruct(x.data(), int(x.rows()), b.data());
    EXPECT_EQ(a, b);
}
