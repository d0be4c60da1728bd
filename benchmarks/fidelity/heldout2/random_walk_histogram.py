"""Python Data Science Handbook style: random walks, histograms by hand, bincount, digitize."""
import numpy as np

np.random.seed(42)
n_walkers = 500
n_steps = 200
steps = np.random.choice([-1, 1], size=(n_walkers, n_steps))
positions = np.cumsum(steps, axis=1)
final = positions[:, -1]
max_excursion = np.abs(positions).max(axis=1)
first_cross = np.argmax(np.abs(positions) >= 10, axis=1)
never_crossed = ~np.any(np.abs(positions) >= 10, axis=1)
first_cross[never_crossed] = -1

# histogram by hand (PDSH "Computation on arrays: fancy indexing")
x = np.random.randn(100)
bins = np.linspace(-5, 5, 20)
counts = np.zeros_like(bins)
i = np.searchsorted(bins, x)
np.add.at(counts, i, 1)
counts_buffered = np.zeros_like(bins)
counts_buffered[i] += 1
hist_np, edges = np.histogram(x, bins)

# digitize final positions into classes
class_edges = np.array([-30, -10, 0, 10, 30])
klass = np.digitize(final, class_edges)
klass_counts = np.bincount(klass, minlength=len(class_edges) + 1)

# weighted bincount: mean excursion per class
sum_exc = np.bincount(klass, weights=max_excursion, minlength=len(class_edges) + 1)
with np.errstate(invalid="ignore", divide="ignore"):
    mean_exc = sum_exc / klass_counts
mean_exc = np.nan_to_num(mean_exc)

frac_positive = np.mean(final > 0)
n_zero = int(np.sum(final == 0))
msd = (positions.astype(np.float64) ** 2).mean(axis=0)
slope = np.polyfit(np.arange(1, n_steps + 1), msd, 1)[0]
print(f"mean square displacement slope: {slope:.3f}")


def main():
    return {"final": final, "max_excursion": max_excursion, "first_cross": first_cross,
            "counts": counts, "counts_buffered": counts_buffered, "hist_np": hist_np,
            "edges": edges, "klass_counts": klass_counts, "mean_exc": mean_exc,
            "frac_positive": float(frac_positive), "n_zero": n_zero, "msd": msd,
            "slope": float(slope)}
