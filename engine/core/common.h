// common.h: the few things every engine file uses.
//   - Status: how the engine reports a user mistake (bad config, bad file, impossible shape).
//     The message names the field or line and what would be accepted. The engine never
//     throws, exits or aborts on user input.
//   - AE_ASSERT: internal invariants only (a bug in aeplay, not in the user's input).
//   - MatrixRM: row-major float matrix, one sample per row (the layout of every dataset).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace ae {

using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixRMd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// FNV-1a, 64 bits: the checksum of model files and checkpoints.
inline uint64_t fnv1a64(const char* p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i)
        h = (h ^ uint8_t(p[i])) * 1099511628211ull;
    return h;
}

struct Status {
    std::string error; // empty when ok
    bool ok() const { return error.empty(); }
    static Status Ok() { return {}; }
    static Status Error(std::string message) { return Status{std::move(message)}; }
};

} // namespace ae

#define AE_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "%s:%d: internal error: assertion '%s' failed\n", __FILE__,       \
                         __LINE__, #cond);                                                         \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)
