// libFuzzer target: the share link's C++ path (engine/lesson.h parse_share_fragment: size caps,
// base64url, raw inflate, the config check) and inflate_raw on raw bytes. Property: whatever the
// bytes, they return with a message on error; inflate never writes more than its cap; base64url
// decodes what it encodes.
#include "engine/data/inflate.h"
#include "course/lesson.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ae::Config c;
    const ae::Status s = ae::parse_share_fragment(text, &c);
    if (!s.ok() && s.error.empty()) std::abort();
    std::string out;
    const ae::Status si = ae::inflate_raw(text, 4096, &out);
    if (si.ok() ? out.size() > 4096 : si.error.empty()) std::abort();
    std::string back;
    if (!ae::base64url_decode(ae::base64url_encode(text), size * 2 + 4, &back).ok() || back != text)
        std::abort();
    return 0;
}
