"""Weather Markov chain: power iteration, stationary distribution via eig, simulation."""
import numpy as np


def main():
    states = ["sunny", "cloudy", "rainy"]
    P = np.array([[0.8, 0.15, 0.05],
                  [0.3, 0.4, 0.3],
                  [0.2, 0.3, 0.5]])
    assert np.allclose(P.sum(axis=1), 1)

    dist = np.array([1.0, 0.0, 0.0])
    trajectory = [dist]
    for _ in range(30):
        dist = dist @ P
        trajectory.append(dist)
    trajectory = np.array(trajectory)

    evals, evecs = np.linalg.eig(P.T)
    k = np.argmin(np.abs(evals - 1))
    stationary = np.real(evecs[:, k])
    stationary = stationary / stationary.sum()

    P10 = np.linalg.matrix_power(P, 10)

    np.random.seed(7)
    s = 0
    visits = np.zeros(3, dtype=int)
    for _ in range(500):
        s = np.random.choice(3, p=P[s])
        visits[s] += 1

    return {"trajectory": trajectory, "stationary": stationary, "P10": P10,
            "visits": visits, "most": states[int(np.argmax(visits))]}
