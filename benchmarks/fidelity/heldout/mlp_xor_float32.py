"""Two-layer MLP trained on XOR-like spiral data in float32 with manual backprop."""
import numpy as np


def init_params(rng, sizes):
    params = {}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        params['W%d' % (i + 1)] = (rng.randn(m, n) * np.sqrt(2.0 / m)).astype(np.float32)
        params['b%d' % (i + 1)] = np.zeros(n, dtype=np.float32)
    return params


def forward(params, X):
    h = np.tanh(X @ params['W1'] + params['b1'])
    logits = h @ params['W2'] + params['b2']
    probs = 1.0 / (1.0 + np.exp(-logits))
    return h, probs


def train_step(params, X, y, lr):
    h, probs = forward(params, X)
    n = X.shape[0]
    eps = np.float32(1e-7)
    loss = -np.mean(y * np.log(probs + eps) + (1 - y) * np.log(1 - probs + eps))
    dlogits = (probs - y) / n
    grads = {}
    grads['W2'] = h.T @ dlogits
    grads['b2'] = dlogits.sum(axis=0)
    dh = dlogits @ params['W2'].T * (1 - h ** 2)
    grads['W1'] = X.T @ dh
    grads['b1'] = dh.sum(axis=0)
    for k in params:
        params[k] -= lr * grads[k]
    return loss


def main():
    rng = np.random.RandomState(3)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([[0], [1], [1], [0]], dtype=np.float32)
    Xb = np.repeat(X, 8, axis=0) + rng.normal(0, 0.05, size=(32, 2)).astype(np.float32)
    yb = np.repeat(y, 8, axis=0)
    params = init_params(rng, [2, 8, 1])
    losses = []
    for epoch in range(300):
        loss = train_step(params, Xb, yb, np.float32(0.5))
        if epoch % 50 == 0:
            losses.append(loss)
            print(f"epoch {epoch}: loss {loss:.4f}")
    _, p = forward(params, X)
    preds = (p > 0.5).astype(np.int32).ravel()
    return {"losses": np.array(losses, dtype=np.float32), "probs": p, "preds": preds,
            "W1": params['W1'], "b2": params['b2'], "dtype": str(p.dtype),
            "acc": float((preds == y.ravel()).mean())}
