// test_no_alloc.cpp: nothing allocates inside a training step (issue 5; STYLE.md "Allocate once").
// This binary is linked with -Wl,--wrap for malloc, calloc, realloc, posix_memalign and
// aligned_alloc (CMakeLists.txt), so every allocation the engine's objects make - Eigen's
// aligned_malloc included - goes through the counters below, and it replaces the global operator
// new/delete too (libstdc++'s own operator new calls malloc inside the shared library, which
// --wrap cannot see). A step is train_batches(1) between epoch boundaries: finishing an epoch
// appends to the history (amortized, once per epoch) and is checked separately to stay O(1).
#include "engine/train/config.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>

namespace {
std::atomic<long> g_allocations{0};
} // namespace

extern "C" {
void* __real_malloc(size_t);
void* __real_calloc(size_t, size_t);
void* __real_realloc(void*, size_t);
int __real_posix_memalign(void**, size_t, size_t);
void* __real_aligned_alloc(size_t, size_t);
void* __wrap_malloc(size_t n) {
    ++g_allocations;
    return __real_malloc(n);
}
void* __wrap_calloc(size_t n, size_t m) {
    ++g_allocations;
    return __real_calloc(n, m);
}
void* __wrap_realloc(void* p, size_t n) {
    ++g_allocations;
    return __real_realloc(p, n);
}
int __wrap_posix_memalign(void** p, size_t a, size_t n) {
    ++g_allocations;
    return __real_posix_memalign(p, a, n);
}
void* __wrap_aligned_alloc(size_t a, size_t n) {
    ++g_allocations;
    return __real_aligned_alloc(a, n);
}
}

void* operator new(size_t n) {
    ++g_allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n) {
    return operator new(n);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, size_t) noexcept {
    std::free(p);
}

namespace {

// Seed 000's model and optimizer (and the other optimizers, losses and activations the step can
// take), small data so the test is quick.
std::unique_ptr<ae::Session> make_session(const char* optimizer, const char* loss,
                                          const char* hidden_activation) {
    char json[1024];
    std::snprintf(json, sizeof json, R"({
      "seed": 42, "data": {"name": "uniform", "samples": 640, "features": 100},
      "model": {"input": 100,
        "encoder": [{"type": "dense", "units": 64, "activation": "%s"},
                    {"type": "dense", "units": 10, "activation": "%s"}],
        "decoder": [{"type": "dense", "units": 64, "activation": "%s"},
                    {"type": "dense", "units": 100, "activation": "sigmoid"}]},
      "train": {"epochs": 3, "batch_size": 64, "validation_split": 0.2, "loss": "%s",
                "optimizer": {"type": "%s"}, "noise": {"type": "gaussian", "factor": 0.3}}})",
                  hidden_activation, hidden_activation, hidden_activation, loss, optimizer);
    ae::Config c;
    ae::Status st = ae::parse_config(json, &c);
    EXPECT_TRUE(st.ok()) << st.error;
    std::unique_ptr<ae::Session> s;
    st = ae::open_session(c, &s);
    EXPECT_TRUE(st.ok()) << st.error;
    return s;
}

long allocations_in(const std::function<void()>& f) {
    const long before = g_allocations.load();
    f();
    return g_allocations.load() - before;
}

} // namespace

TEST(NoAlloc, TheCountersSeeEngineAndNew) { // the test can fail: allocations are counted
    EXPECT_GE(allocations_in([] {
                  ae::MatrixRM m(64, 64);
                  m.setZero();
              }),
              1);
    std::unique_ptr<ae::Session> s; // the engine's own objects: its vectors and Eigen matrices
    EXPECT_GE(allocations_in([&] { s = make_session("adam", "mse", "relu"); }), 10);
    ASSERT_TRUE(s);
    std::vector<float>* volatile v = nullptr; // operator new (volatile: not elided)
    EXPECT_GE(allocations_in([&] { v = new std::vector<float>(1000); }), 1);
    delete v;
}

TEST(NoAlloc, ATrainingStepAllocatesNothing) {
    for (const char* opt : {"adam", "sgd", "rmsprop"})
        for (const char* loss : {"mse", "mae", "binary_crossentropy"})
            for (const char* act : {"relu", "tanh", "elu"}) {
                SCOPED_TRACE(std::string(opt) + " / " + loss + " / " + act);
                auto s = make_session(opt, loss, act);
                ASSERT_TRUE(s);
                s->train_batches(1); // warm-up: the first step may size lazy buffers
                const int per_epoch = s->progress().batches_per_epoch;
                // Steps 2 .. per_epoch - 1 of the first epoch: none ends an epoch.
                const long n = allocations_in([&] { s->train_batches(per_epoch - 2); });
                EXPECT_EQ(n, 0) << "allocations in " << per_epoch - 2 << " training steps";
                EXPECT_EQ(s->progress().batch, per_epoch - 1);
            }
}

TEST(NoAlloc, AnEpochBoundaryAllocatesAtMostAFewTimes) {
    auto s = make_session("adam", "mse", "relu");
    ASSERT_TRUE(s);
    s->train_batches(s->progress().batches_per_epoch - 1);
    // The last step: the history grows (vector growth) and the validation loss is evaluated.
    const long n = allocations_in([&] { s->train_batches(1); });
    EXPECT_LE(n, 4);
    EXPECT_EQ(s->history().loss.size(), 1u);
}

// Every image layer type, dropout and an activity regularizer: reserve() sized all of it.
TEST(NoAlloc, AConvTrainingStepAllocatesNothing) {
    ae::Config c;
    ae::Status st = ae::parse_config(R"({
      "seed": 42, "data": {"name": "uniform", "samples": 160, "features": 100},
      "model": {"input": [10, 10, 1],
        "encoder": [{"type": "conv2d", "filters": 4, "kernel_size": 3, "strides": 2,
                     "padding": "same", "activation": "relu"},
                    {"type": "max_pooling2d", "pool_size": 2, "padding": "same"},
                    {"type": "dropout", "rate": 0.2},
                    {"type": "flatten"},
                    {"type": "dense", "units": 8, "activation": "relu",
                     "activity_regularizer": {"l1": 0.001}}],
        "decoder": [{"type": "dense", "units": 36, "activation": "relu"},
                    {"type": "reshape", "target_shape": [3, 3, 4]},
                    {"type": "up_sampling2d", "size": 2},
                    {"type": "conv2d_transpose", "filters": 2, "kernel_size": 3, "strides": 2,
                     "activation": "relu"},
                    {"type": "cropping2d", "cropping": [[1, 2], [2, 1]]},
                    {"type": "conv2d", "filters": 1, "kernel_size": 3, "padding": "same",
                     "activation": "sigmoid"}]},
      "train": {"epochs": 2, "batch_size": 16, "validation_split": 0.2,
                "loss": "binary_crossentropy", "optimizer": "adam"}})",
                                     &c);
    ASSERT_TRUE(st.ok()) << st.error;
    std::unique_ptr<ae::Session> s;
    st = ae::open_session(c, &s);
    ASSERT_TRUE(st.ok()) << st.error;
    s->train_batches(1);
    const int per_epoch = s->progress().batches_per_epoch;
    const long n = allocations_in([&] { s->train_batches(per_epoch - 2); });
    EXPECT_EQ(n, 0) << "allocations in " << per_epoch - 2 << " conv training steps";
}

// A variational model: the z_log_var head, the sampling and the KL use buffers of reserve().
TEST(NoAlloc, AVaeTrainingStepAllocatesNothing) {
    ae::Config c;
    ae::Status st = ae::parse_config(R"({
      "seed": 42, "data": {"name": "uniform", "samples": 160, "features": 20},
      "model": {"input": 20, "variational": {"beta": 0.5},
        "encoder": [{"type": "dense", "units": 12, "activation": "relu"},
                    {"type": "dense", "units": 3}],
        "decoder": [{"type": "dense", "units": 12, "activation": "relu"},
                    {"type": "dense", "units": 20, "activation": "sigmoid"}]},
      "train": {"epochs": 2, "batch_size": 16, "loss": "binary_crossentropy"}})",
                                     &c);
    ASSERT_TRUE(st.ok()) << st.error;
    std::unique_ptr<ae::Session> s;
    st = ae::open_session(c, &s);
    ASSERT_TRUE(st.ok()) << st.error;
    s->train_batches(1);
    const int per_epoch = s->progress().batches_per_epoch;
    const long n = allocations_in([&] { s->train_batches(per_epoch - 2); });
    EXPECT_EQ(n, 0) << "allocations in " << per_epoch - 2 << " VAE training steps";
}
