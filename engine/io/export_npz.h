// export_npz.h: a trained model's weights as a NumPy .npz archive (np.load reads it).
// The archive is a zip (stored, no compression, CRC-32) of .npy v1.0 arrays, little-endian:
//   "encoder_1/kernel" (in, out) '<f4', "encoder_1/bias" (out,) '<f4', ... for every layer in
//   order (Keras 3's variable paths: layer name / variable name), then, when the model was
//   trained on scaled data, "scaler/offset" (d,) and "scaler/scale" (d,) '<f4' (x_scaled =
//   (x - offset) / scale), and "config" (bytes,) '|u1': the model's canonical config JSON
//   (bytes(npz["config"]).decode() gives it; it names each layer's activation).
// Every member is a .npy, so np.load lists them all. Not here: reading NPZ back, compression.
#pragma once

#include "engine/io/model_file.h"

#include <cstdint>
#include <string>

namespace ae {

std::string export_npz(const TrainedModel& m); // the archive's bytes

uint32_t crc32(const char* p, size_t n); // zip's CRC-32 (IEEE 802.3, reflected, 0xEDB88320)

} // namespace ae
