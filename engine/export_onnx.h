// export_onnx.h: a trained model as an ONNX model (ir_version 8, opset 17) that ONNX Runtime runs.
// Parts: encoder (input (N, d) -> output (N, latent)), decoder ((N, latent) -> (N, d)) and full
// ((N, d) -> (N, d)); N is a dynamic batch dimension named "N"; the graph's input is named
// "input" and its output "output" in every part.
// Raw units in and out, as serve_encode/decode/reconstruct: when the model was trained on scaled
// data, the encoder and full parts start with (input - offset) / scale (Sub, Div) and the decoder
// and full parts end with y * scale + offset (Mul, Add); the scaler's vectors are initializers
// "scaler/offset" and "scaler/scale". A dense layer is MatMul + Add over initializers named as
// in the NPZ ("encoder_1/kernel" (in, out), "encoder_1/bias" (out)), then its activation: Relu,
// LeakyRelu (alpha 0.2), Elu (alpha 1), Sigmoid, Tanh, or nothing for linear.
// The protobuf is written by hand (a varint / length-delimited writer), no onnx library.
// Not here: reading ONNX, other opsets, training graphs.
#pragma once

#include "model_file.h"

#include <string>

namespace ae {

enum class OnnxPart { encoder, decoder, full };

// "encoder", "decoder" or "full"; anything else is an error naming what is accepted.
Status parse_onnx_part(const std::string& name, OnnxPart* out);

// Ok, or why the model cannot be exported yet (ONNX export covers dense layers).
Status onnx_exportable(const TrainedModel& m);
std::string export_onnx(const TrainedModel& m, OnnxPart part); // the .onnx file's bytes

} // namespace ae
