// types.cpp: the config file's name of each enum value (types.h).
#include "engine/core/types.h"

namespace ae {

const char* const kActivationNames[6] = {"linear", "relu", "leaky_relu", "elu", "sigmoid", "tanh"};
const char* const kLayerTypeNames[9] = {"dense",         "conv2d",        "conv2d_transpose",
                                        "max_pooling2d", "up_sampling2d", "cropping2d",
                                        "flatten",       "reshape",       "dropout"};
const char* const kPaddingNames[2] = {"valid", "same"};
const char* const kLossNames[3] = {"mse", "mae", "binary_crossentropy"};
const char* const kOptimizerNames[3] = {"sgd", "adam", "rmsprop"};
const char* const kInitNames[3] = {"glorot_uniform", "he_normal", "zeros"};
const char* const kDataNames[7] = {"uniform",   "sequences", "mnist", "fashion_mnist",
                                   "well_logs", "csv",       "idx"};
const char* const kScalingNames[3] = {"none", "minmax", "standard"};
const char* const kNoiseNames[3] = {"none", "gaussian", "masking"};

const char* activation_name(Activation a) {
    return kActivationNames[int(a)];
}
const char* layer_type_name(LayerType t) {
    return kLayerTypeNames[int(t)];
}
const char* loss_name(Loss l) {
    return kLossNames[int(l)];
}
const char* init_name(Init i) {
    return kInitNames[int(i)];
}
const char* optimizer_name(OptimizerType t) {
    return kOptimizerNames[int(t)];
}

} // namespace ae
