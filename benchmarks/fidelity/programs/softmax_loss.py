"""Softmax classifier loss and gradient, naive loops and vectorised (CS231n assignment 1 style)."""
import numpy as np


def softmax_loss_naive(W, X, y, reg):
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores)
        loss += -np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(num_train), y])) / num_train
    loss += reg * np.sum(W * W)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train + 2 * reg * W
    return loss, dW


def main():
    np.random.seed(0)
    N, D, C = 20, 8, 4
    X = np.random.randn(N, D)
    y = np.random.randint(C, size=N)
    W = np.random.randn(D, C) * 0.0001
    loss_n, grad_n = softmax_loss_naive(W, X, y, 0.5)
    loss_v, grad_v = softmax_loss_vectorized(W, X, y, 0.5)
    return {"loss_n": loss_n, "grad_n": grad_n, "loss_v": loss_v, "grad_v": grad_v,
            "agree": np.allclose(grad_n, grad_v), "rel_diff_small": np.linalg.norm(grad_n - grad_v, ord="fro") < 1e-8}
