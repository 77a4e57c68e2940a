// libFuzzer target: the experiment config parser. Property: whatever the bytes, parse_config
// returns (no crash, no hang, no exception); an accepted config's canonical JSON parses again to
// the same canonical JSON.
#include "engine/train/config.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ae::Config c;
    const ae::Status s = ae::parse_config(text, &c);
    if (s.ok()) {
        const std::string canon = ae::config_to_json(c);
        ae::Config again;
        if (!ae::parse_config(canon, &again).ok() || ae::config_to_json(again) != canon)
            std::abort();
    } else if (s.error.empty()) {
        std::abort();
    }
    return 0;
}
