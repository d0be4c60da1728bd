"""Monte Carlo estimates with a seeded global generator: pi, integral, bootstrap, shuffle."""
import numpy as np


def main():
    np.random.seed(2024)
    n = 20000
    x = np.random.uniform(-1, 1, n)
    y = np.random.uniform(-1, 1, n)
    inside = x**2 + y**2 <= 1
    pi_est = 4 * inside.mean()

    u = np.random.random(5000)
    integral = np.mean(np.exp(-u**2))

    sample = np.random.exponential(2.0, size=200)
    boots = np.empty(200)
    for i in range(200):
        resample = np.random.choice(sample, size=sample.size, replace=True)
        boots[i] = resample.mean()
    ci = np.percentile(boots, [2.5, 97.5])

    deck = np.arange(10)
    np.random.shuffle(deck)
    perm = np.random.permutation(5)
    normal = np.random.randn(3, 2)
    ints = np.random.randint(0, 10, 8)
    return {"pi": pi_est, "integral": integral, "ci": ci, "deck": deck, "perm": perm,
            "normal": normal, "ints": ints}
