"""Softmax (multinomial logistic regression) classifier trained with minibatch SGD,
structured like the CS231n assignment-1 LinearClassifier: a vectorised loss function,
a classifier class whose train() keeps a loss history, predict()."""
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
NUM_TRAIN, DIM, NUM_CLASSES, NUM_ITERS, BATCH_SIZE = {
    "published": (1000, 100, 10, 1500, 200),
    "large": (5000, 500, 10, 300, 500),
    "smoke": (1000, 100, 10, 150, 200),
}[SIZE]


def softmax_loss_vectorized(W, X, y, reg):
    """
    Softmax loss function, vectorized version.

    Inputs have dimension D, there are C classes, and we operate on minibatches
    of N examples.
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels.
    - reg: (float) regularization strength

    Returns a tuple of:
    - loss as single float
    - gradient with respect to weights W; an array of same shape as W
    """
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]

    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)  # numeric stability
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)

    loss = np.sum(-np.log(probs[np.arange(num_train), y]))
    loss /= num_train
    loss += reg * np.sum(W * W)

    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dscores /= num_train
    dW = X.T.dot(dscores)
    dW += 2 * reg * W

    return loss, dW


class LinearClassifier(object):

    def __init__(self):
        self.W = None

    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100,
              batch_size=200, verbose=False):
        """
        Train this linear classifier using stochastic gradient descent.

        Returns: A list containing the value of the loss function at each training iteration.
        """
        num_train, dim = X.shape
        num_classes = np.max(y) + 1  # assume y takes values 0...K-1 where K is number of classes
        if self.W is None:
            # lazily initialize W
            self.W = 0.001 * np.random.randn(dim, num_classes)

        # Run stochastic gradient descent to optimize W
        loss_history = []
        for it in range(num_iters):
            batch_indices = np.random.choice(num_train, batch_size, replace=True)
            X_batch = X[batch_indices]
            y_batch = y[batch_indices]

            # evaluate loss and gradient
            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(loss)

            # perform parameter update
            self.W -= learning_rate * grad

            if verbose and it % 100 == 0:
                print('iteration %d / %d: loss %f' % (it, num_iters, loss))

        return loss_history

    def predict(self, X):
        y_pred = np.argmax(X.dot(self.W), axis=1)
        return y_pred

    def loss(self, X_batch, y_batch, reg):
        raise NotImplementedError


class Softmax(LinearClassifier):
    """ A subclass that uses the Softmax + Cross-entropy loss function """

    def loss(self, X_batch, y_batch, reg):
        return softmax_loss_vectorized(self.W, X_batch, y_batch, reg)


def make_data(num_train, dim, num_classes, seed=0):
    """Gaussian class clusters, zero-centred, with the bias trick (column of ones)."""
    rng = np.random.RandomState(seed)
    means = rng.randn(num_classes, dim - 1) * 0.5
    y = rng.randint(num_classes, size=num_train)
    X = means[y] + rng.randn(num_train, dim - 1)
    X -= np.mean(X, axis=0)
    X = np.hstack([X, np.ones((X.shape[0], 1))])
    return X, y


X_train, y_train = make_data(NUM_TRAIN, DIM, NUM_CLASSES)

np.random.seed(231)
softmax = Softmax()
loss_hist = softmax.train(X_train, y_train, learning_rate=1e-2, reg=2.5e-4,
                          num_iters=NUM_ITERS, batch_size=BATCH_SIZE, verbose=True)
y_train_pred = softmax.predict(X_train)
train_accuracy = np.mean(y_train == y_train_pred)
print('training accuracy: %f' % (train_accuracy, ))

RESULT = (softmax.W, np.array(loss_hist), train_accuracy)
