"""A naive loss loop (`loss = 0.0; loss += -np.log(...)`, `j == y[i]`) in a function only
called from a compiled one (softmax_loss without random data): traced inline, its loops
become graph loops and the Python float state must enter them as an array."""
import numpy as np


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW


def main():
    X = np.sin(np.arange(60.0).reshape(12, 5) * 0.37)
    y = np.arange(12) % 3
    W = np.cos(np.arange(15.0).reshape(5, 3)) * 0.01
    loss, dW = softmax_loss_naive(W, X, y, 0.1)
    scores = X.dot(W)
    margins = np.maximum(0, scores - scores[np.arange(12), y][:, None] + 1)
    return {"loss": loss, "dW": dW, "margin_sum": margins.sum() + np.abs(dW).sum() * 2 - np.exp(-loss)}
