"""Two-layer fully connected net with a params dict, trained by SGD (class state)."""
import numpy as np


class TwoLayerNet(object):
    def __init__(self, input_size, hidden_size, output_size, std=1e-1):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape
        h1 = np.maximum(0, X.dot(W1) + b1)
        scores = h1.dot(W2) + b2
        if y is None:
            return scores
        scores = scores - np.max(scores, axis=1, keepdims=True)
        exp = np.exp(scores)
        probs = exp / np.sum(exp, axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[range(N), y])) / N
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        grads = {}
        dscores = probs
        dscores[range(N), y] -= 1
        dscores /= N
        grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2
        grads['b2'] = np.sum(dscores, axis=0)
        dh1 = dscores.dot(W2.T)
        dh1[h1 <= 0] = 0
        grads['W1'] = X.T.dot(dh1) + 2 * reg * W1
        grads['b1'] = np.sum(dh1, axis=0)
        return loss, grads

    def train(self, X, y, learning_rate=1e-1, reg=1e-5, num_iters=100):
        loss_history = []
        for it in range(num_iters):
            loss, grads = self.loss(X, y=y, reg=reg)
            loss_history.append(loss)
            for p in self.params:
                self.params[p] -= learning_rate * grads[p]
        return loss_history

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)


def main():
    np.random.seed(0)
    net = TwoLayerNet(4, 10, 3, std=1e-1)
    X = 10 * np.random.randn(5, 4)
    y = np.array([0, 1, 2, 2, 1])
    hist = net.train(X, y, learning_rate=1e-1, reg=5e-6, num_iters=100)
    return {"loss_first": hist[0], "loss_last": hist[-1], "W1": net.params['W1'],
            "b2": net.params['b2'], "pred": net.predict(X)}
