"""Random walks (Python for Data Analysis style) with np.random.seed."""
import numpy as np


def main():
    np.random.seed(12345)
    nsteps = 1000
    draws = np.random.randint(0, 2, size=nsteps)
    steps = np.where(draws > 0, 1, -1)
    walk = steps.cumsum()
    first_cross = (np.abs(walk) >= 10).argmax()

    nwalks = 50
    draws = np.random.randint(0, 2, size=(nwalks, 200))
    steps = np.where(draws > 0, 1, -1)
    walks = steps.cumsum(1)
    hits30 = (np.abs(walks) >= 15).any(1)
    crossing_times = (np.abs(walks[hits30]) >= 15).argmax(1)

    # a loop version, as in many tutorials
    position = 0
    path = [position]
    for i in range(300):
        step = 1 if np.random.randint(0, 2) else -1
        position += step
        path.append(position)

    gauss = np.random.normal(loc=0, scale=0.25, size=(5, 100)).cumsum(axis=1)

    return {
        "walk_min": walk.min(), "walk_max": walk.max(), "first_cross": first_cross,
        "walks_max": walks.max(), "hits": hits30.sum(), "crossing_mean": crossing_times.mean(),
        "path": np.array(path), "gauss_end": gauss[:, -1],
    }
