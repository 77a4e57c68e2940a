// libFuzzer target: the prepared image-set asset ("AEPLAYDS", engine/data.h parse_image_asset),
// what the page decompresses into its file system and the engine reads. Properties: never
// crashes; every message names the file; an accepted asset has labels below its class count,
// pixels in [0, 1] (bytes / 255) and one row per label.
#include "engine/data/data.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    ae::Dataset d;
    const ae::Status s = ae::parse_image_asset(bytes, "fuzz.bin", &d);
    if (!s.ok()) {
        if (s.error.rfind("fuzz.bin: ", 0) != 0) std::abort();
        return 0;
    }
    const uint32_t classes = uint32_t(data[28]) | uint32_t(data[29]) << 8 |
                             uint32_t(data[30]) << 16 | uint32_t(data[31]) << 24;
    if (size_t(d.x.rows()) != d.labels.size() ||
        d.x.cols() != long(d.height) * d.width * d.channels)
        std::abort();
    for (int y : d.labels)
        if (y < 0 || uint32_t(y) >= classes) std::abort();
    for (long i = 0; i < d.x.size(); ++i)
        if (!(d.x.data()[i] >= 0.0f && d.x.data()[i] <= 1.0f)) std::abort();
    return 0;
}
