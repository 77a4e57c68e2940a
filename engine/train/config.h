// config.h: the experiment config, one JSON document that drives the page, the JS API and the CLI.
// Keras' names throughout (units, activation, batch_size, validation_split, learning_rate).
// parse_config() validates everything before anything is built: an unknown key, a wrong type or an
// impossible shape is an error naming the field path ("model.encoder[1].units") and what is
// accepted; JSON syntax errors name the line and column. config_to_json() writes the canonical
// form back (all defaults filled in), which parses to the same Config.
//
// Defaults (Keras' where Keras has one): seed 42, activation "linear", kernel_initializer
// "glorot_uniform", epochs 1, batch_size 32, shuffle true, validation_split 0, loss "mse",
// optimizer "adam" with learning_rate 0.001 (sgd: 0.01), beta_1 0.9, beta_2 0.999,
// epsilon 1e-7, rho 0.9, momentum 0, nesterov false.
#pragma once

#include "engine/core/types.h"
#include <cstdint>
#include <string>
#include <vector>

namespace ae {

// The estimate parse_config checks against kMaxSessionBytes (bytes, and a readable breakdown).
struct MemoryEstimate {
    int64_t data = 0, model = 0, activations = 0;
    int64_t total() const { return data + model + activations; }
    std::string text() const; // "about 1.3 GB (data 1.1 GB, model 0.2 GB, activations 12 MB)"
};
MemoryEstimate estimate_memory(const Config& c);

// The browser's limit (the JS API and the page; the engine measures nothing itself): the WASM
// heap grows to heap_max bytes at most (2 GiB, emscripten's default) and heap_left of that can
// still be allocated (the current session and the page hold the rest). A config is refused when
// its estimate, plus views more copies of its model and activations (the page's view of a
// session: Session::make_view shares the data, duplicates the model), is more than heap_left;
// the message names the estimate, what is left of the limit and the fields to shrink.
Status check_memory_left(const Config& c, int views, int64_t heap_left, int64_t heap_max);

Status parse_config(const std::string& json_text, Config* out);
std::string config_to_json(const Config& c, int indent = 2);

} // namespace ae
