// libFuzzer target: the numeric CSV reader. Property: never crashes; an accepted table written
// back with to_csv reads back to the same values.
#include "engine/data/csv.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ae::CsvTable t;
    const ae::Status s = ae::parse_csv(text, "fuzz.csv", &t);
    if (!s.ok()) {
        if (s.error.rfind("fuzz.csv", 0) != 0) std::abort(); // every message names the file
        return 0;
    }
    ae::CsvTable back;
    if (!ae::parse_csv(ae::to_csv(t.values.data(), int(t.values.rows()), int(t.values.cols())),
                       "back.csv", &back)
             .ok())
        std::abort();
    if (!(back.values == t.values)) std::abort();
    return 0;
}
