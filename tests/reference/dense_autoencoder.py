#!/usr/bin/python3
"""dense_autoencoder.py: an independent NumPy (float64) forward and backward pass of a dense
autoencoder, the reference the engine's gradients are compared with (tests/native/test_numpy.cpp).

stdin : JSON {"layers": [{"in", "out", "activation"}], "params": [...flat, per layer W (in x out,
        row-major) then b...], "x": [[...], ...], "loss": "mse"|"mae"|"binary_crossentropy"}
stdout: JSON {"loss": float, "grads": [...flat, same layout...], "output": [[...], ...]}
Written from the textbook formulas and Keras' definitions, sharing no code with the engine.
"""
import json
import sys

import numpy as np

ACT = {
    "linear": (lambda z: z, lambda z, y: np.ones_like(z)),
    "relu": (lambda z: np.maximum(z, 0), lambda z, y: (z > 0).astype(float)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.2 * z), lambda z, y: np.where(z > 0, 1.0, 0.2)),
    "elu": (lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))), lambda z, y: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0)))),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, y: y * (1 - y)),
    "tanh": (np.tanh, lambda z, y: 1 - y * y),
}


def main():
    req = json.load(sys.stdin)
    p = np.asarray(req["params"], dtype=np.float64)
    x = np.asarray(req["x"], dtype=np.float64)
    n, d = x.shape
    off, Ws, bs = 0, [], []
    for l in req["layers"]:
        W = p[off:off + l["in"] * l["out"]].reshape(l["in"], l["out"])
        off += l["in"] * l["out"]
        b = p[off:off + l["out"]]
        off += l["out"]
        Ws.append(W)
        bs.append(b)
    acts, zs, a = [x], [], x
    for l, W, b in zip(req["layers"], Ws, bs):
        z = a @ W + b
        a = ACT[l["activation"]][0](z)
        zs.append(z)
        acts.append(a)
    y = acts[-1]
    loss = req["loss"]
    if loss == "mse":
        L = np.mean((y - x) ** 2)
        dy = 2 * (y - x) / (n * d)
    elif loss == "mae":
        L = np.mean(np.abs(y - x))
        dy = np.sign(y - x) / (n * d)
    else:
        eps = 1e-7
        yc = np.clip(y, eps, 1 - eps)
        L = np.mean(-(x * np.log(yc) + (1 - x) * np.log(1 - yc)))
        dy = np.where((y >= eps) & (y <= 1 - eps), (-x / yc + (1 - x) / (1 - yc)) / (n * d), 0.0)
    grads = []
    for i in reversed(range(len(Ws))):
        l = req["layers"][i]
        dz = dy * ACT[l["activation"]][1](zs[i], acts[i + 1])
        grads.append((acts[i].T @ dz).ravel().tolist() + dz.sum(axis=0).tolist())
        dy = dz @ Ws[i].T
    flat = [g for layer in reversed(grads) for g in layer]
    json.dump({"loss": float(L), "grads": flat, "output": y.tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
