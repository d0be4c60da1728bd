"""Bootstrap confidence intervals and a permutation test (statistics lecture notes style)."""
import numpy as np


def bootstrap(data, func, n_boot=1000):
    n = len(data)
    stats = np.empty(n_boot)
    for i in range(n_boot):
        sample = data[np.random.randint(0, n, n)]
        stats[i] = func(sample)
    return stats


def permutation_test(a, b, n_perm=500):
    observed = a.mean() - b.mean()
    pooled = np.concatenate([a, b])
    count = 0
    for _ in range(n_perm):
        np.random.shuffle(pooled)
        diff = pooled[:len(a)].mean() - pooled[len(a):].mean()
        if abs(diff) >= abs(observed):
            count += 1
    return observed, (count + 1) / (n_perm + 1)


def main():
    np.random.seed(42)
    group_a = np.random.normal(loc=5.0, scale=2.0, size=40)
    group_b = np.random.normal(loc=6.0, scale=2.0, size=35)

    boot_means = bootstrap(group_a, np.mean, 1000)
    lo, hi = np.percentile(boot_means, [2.5, 97.5])
    boot_medians = bootstrap(group_a, np.median, 300)
    se_median = boot_medians.std(ddof=1)
    obs, p = permutation_test(group_a, group_b)
    print(f"mean CI: [{lo:.3f}, {hi:.3f}], median SE {se_median:.3f}")
    print(f"observed diff {obs:.3f}, p = {p:.4f}")

    # deterministic: jackknife on fixed data
    x = np.arange(1.0, 13.0) ** 1.5
    n = len(x)
    jack = np.array([np.delete(x, i).mean() for i in range(n)])
    jack_se = np.sqrt((n - 1) / n * np.sum((jack - jack.mean()) ** 2))
    return {"group_a_mean": group_a.mean(), "lo": lo, "hi": hi,
            "se_median": se_median, "obs": obs, "p": p,
            "ci_contains": bool(lo < group_a.mean() < hi),
            "jack": jack, "jack_se": jack_se}
