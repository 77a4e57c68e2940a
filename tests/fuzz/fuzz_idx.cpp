// libFuzzer target: IDX files, plain or gzip (engine/idx.h parse_idx), as the "idx" data source
// and the page's IDX uploads read them. Properties: never crashes and never reads past the
// input; every message names the file; an accepted array has 1 to 4 dimensions of at least 1,
// at most kLimit values, exactly the bytes its type and dimensions need, and a plain (not gzip)
// input is re-encoded to the same bytes. Seeds: scripts/fuzz writes a few tiny files.
#include "engine/data/idx.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
constexpr long kLimit = 1L << 20; // small, so that gzip bombs stop early
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    ae::IdxArray a;
    const ae::Status s = ae::parse_idx(bytes, "fuzz.idx", kLimit, &a);
    if (!s.ok()) {
        if (s.error.rfind("fuzz.idx: ", 0) != 0 || !a.dims.empty()) std::abort();
        return 0;
    }
    if (a.dims.empty() || a.dims.size() > 4 || (a.type != ae::kIdxUbyte && a.type != ae::kIdxFloat))
        std::abort();
    long values = 1;
    for (int d : a.dims) {
        if (d < 1) std::abort();
        values *= d;
        if (values > kLimit) std::abort();
    }
    if (a.data.size() != size_t(values) * (a.type == ae::kIdxFloat ? 4 : 1)) std::abort();
    if (a.items() * a.item_size() != values) std::abort();
    if (size >= 2 && data[0] == 0x1F && data[1] == 0x8B) return 0;
    std::string again = {0, 0, char(a.type), char(a.dims.size())};
    for (int d : a.dims)
        for (int i = 3; i >= 0; --i)
            again += char((uint32_t(d) >> (8 * i)) & 0xFF);
    if (again + a.data != bytes) std::abort();
    return 0;
}
