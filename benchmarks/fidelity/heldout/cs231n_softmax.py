"""CS231n-style softmax classifier: naive and vectorized loss/gradient, a few SGD steps."""
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
    loss = -np.log(probs[np.arange(num_train), y]).sum() / num_train
    loss += reg * np.sum(W * W)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train + 2 * reg * W
    return loss, dW


def main():
    np.random.seed(231)
    N, D, C = 40, 8, 4
    X = np.random.randn(N, D)
    X = np.hstack([X, np.ones((N, 1))])  # bias trick
    y = np.random.randint(C, size=N)
    W = np.random.randn(D + 1, C) * 0.001
    loss_naive, grad_naive = softmax_loss_naive(W, X, y, 0.5)
    loss_vec, grad_vec = softmax_loss_vectorized(W, X, y, 0.5)
    diff = np.linalg.norm(grad_naive - grad_vec, ord='fro')
    print('naive loss: %e, vectorized loss: %e' % (loss_naive, loss_vec))
    print('Gradient difference: %f' % diff)

    losses = []
    lr = 0.5
    for it in range(25):
        idx = np.random.choice(N, 16, replace=False)
        loss, grad = softmax_loss_vectorized(W, X[idx], y[idx], 1e-3)
        W -= lr * grad
        losses.append(loss)
    y_pred = np.argmax(X.dot(W), axis=1)
    train_acc = np.mean(y_pred == y)
    print(f"train accuracy: {train_acc:.3f}")
    return {"loss_naive": loss_naive, "loss_vec": loss_vec, "grad": grad_vec,
            "diff": diff, "losses": np.array(losses), "W": W,
            "y_pred": y_pred, "train_acc": train_acc}
