// export_onnx.h: a trained model as an ONNX model (ir_version 8, opset 17) that ONNX Runtime runs.
// Parts: encoder (input (N, d) -> output (N, latent)), decoder ((N, latent) -> (N, d)) and full
// ((N, d) -> (N, d)); N is a dynamic batch dimension named "N"; the graph's input is named
// "input" and its output "output" in every part. Inputs and outputs are flat like the engine's
// encode / decode / reconstruct: an image (h, w, c) is its h * w * c values channels-last (Keras'
// order), for image models too.
// Raw units in and out, as serve_encode/decode/reconstruct: when the model was trained on scaled
// data, the encoder and full parts start with (input - offset) / scale (Sub, Div) and the decoder
// and full parts end with y * scale + offset (Mul, Add); the scaler's vectors are initializers
// "scaler/offset" and "scaler/scale".
// Layers, named as in the NPZ ("encoder_1", "decoder_2"):
//   dense             MatMul + Add over "encoder_1/kernel" (in, out) and "encoder_1/bias" (out)
//   conv2d            Conv, kernel (filters, in, kh, kw) (Keras' (kh, kw, in, filters) transposed),
//                     explicit pads: Keras' `same` (the odd extra row / column at the bottom /
//                     right) or none (`valid`); strides
//   conv2d_transpose  ConvTranspose, kernel (in, filters, kh, kw) (Keras' (kh, kw, filters, in)),
//                     pads and, for kernels smaller than the stride, output_padding
//   max_pooling2d     MaxPool with the same pads (padding never wins, as in Keras)
//   up_sampling2d     Resize: nearest, coordinate_transformation_mode asymmetric, nearest_mode
//                     floor, scales (1, 1, size_h, size_w): plain repetition
//   cropping2d        Slice over axes 2, 3
//   flatten, reshape  no op of their own: the value is made flat (channels-last) where needed
//   dropout           nothing (inference)
// then the activation: Relu, LeakyRelu (alpha 0.2), Elu (alpha 1), Sigmoid, Tanh, or nothing for
// linear. Images run in ONNX's (N, c, h, w): a flat value becomes an image by Reshape (N, h, w, c)
// + Transpose (0, 3, 1, 2) and goes back by Transpose (0, 2, 3, 1) + Reshape (N, h * w * c).
// The protobuf is written by hand (a varint / length-delimited writer), no onnx library.
// Not here: reading ONNX, other opsets, training graphs.
#pragma once

#include "engine/io/model_file.h"

#include <string>

namespace ae {

enum class OnnxPart { encoder, decoder, full };

// "encoder", "decoder" or "full"; anything else is an error naming what is accepted.
Status parse_onnx_part(const std::string& name, OnnxPart* out);

// Ok, or why the model cannot be exported (every layer type of the engine can be today).
Status onnx_exportable(const TrainedModel& m);
std::string export_onnx(const TrainedModel& m, OnnxPart part); // the .onnx file's bytes

} // namespace ae
