// libFuzzer target: the model file loader. Property: never crashes on any bytes; a loaded model
// runs a forward pass of its declared sizes.
#include "engine/io/model_file.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    ae::TrainedModel m;
    const ae::Status s = ae::load_model(bytes, "fuzz.aemodel", &m);
    if (!s.ok()) return 0;
    ae::MatrixRM x = ae::MatrixRM::Zero(2, m.model.input_dim()), z;
    if (!ae::serve_encode(m, x, &z).ok() || z.cols() != m.model.latent_dim()) std::abort();
    return 0;
}
