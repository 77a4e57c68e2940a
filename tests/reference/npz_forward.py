#!/usr/bin/python3
"""npz_forward.py: loads an aeplay NPZ export with np.load and runs the model in NumPy (float64),
the reference the export is checked with (tests/native/test_export.cpp).

stdin : JSON {"npz": path, "x": [[...], ...] in the data's original units}
stdout: JSON {"arrays": {name: {"dtype": str, "shape": [...]}}, "encoded": [[...]],
              "reconstructed": [[...]]} (reconstructed in original units, like serve_reconstruct)
Uses only what the archive holds: the layer weights, the scaler and the config's activations.
"""
import json
import sys

import numpy as np

ACT = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.2 * z),
    "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
}


def main():
    req = json.load(sys.stdin)
    npz = np.load(req["npz"])
    arrays = {k: {"dtype": str(npz[k].dtype), "shape": list(npz[k].shape)} for k in npz.files}
    config = json.loads(bytes(npz["config"]).decode("utf-8"))
    x = np.asarray(req["x"], dtype=np.float64)
    scaled = "scaler/offset" in npz.files
    if scaled:
        x = (x - npz["scaler/offset"].astype(np.float64)) / npz["scaler/scale"].astype(np.float64)

    def run(part, h):
        for i, layer in enumerate(config["model"][part]):
            name = "%s_%d" % (part, i + 1)
            w = npz[name + "/kernel"].astype(np.float64)
            b = npz[name + "/bias"].astype(np.float64)
            h = ACT[layer["activation"]](h @ w + b)
        return h

    z = run("encoder", x)
    y = run("decoder", z)
    if scaled:
        y = y * npz["scaler/scale"].astype(np.float64) + npz["scaler/offset"].astype(np.float64)
    json.dump({"arrays": arrays, "encoded": z.tolist(), "reconstructed": y.tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
