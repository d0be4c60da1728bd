"""Repro (mlp_xor_float32): SGD update of a dict of parameter arrays in a helper, with the learning
rate passed as np.float32(...). Values are right, but N2T200 is emitted (a false positive)."""
import numpy as np


def init_params():
    params = {}
    params["W"] = np.ones((2, 2))
    params["b"] = np.zeros(2)
    return params


def step(params, grads, lr):
    for k in params:
        params[k] -= lr * grads[k]


def main():
    params = init_params()
    grads = {"W": np.full((2, 2), 0.5), "b": np.ones(2)}
    step(params, grads, np.float32(0.1))
    return {"W": params["W"], "b": params["b"]}
