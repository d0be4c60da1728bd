"""Cleaning a noisy sensor time series with NaNs: nanmean, interp, rolling means, clip(out=)."""
import numpy as np

np.random.seed(77)
n = 240
t = np.arange(n, dtype=float)
signal = 20 + 5 * np.sin(2 * np.pi * t / 48) + np.random.normal(0, 0.8, n)
raw = signal.copy()
drop = np.random.choice(n, 25, replace=False)
raw[drop] = np.nan
spikes = np.random.choice(n, 6, replace=False)
raw[spikes] += np.array([15.0, -12.0, 20.0, -18.0, 14.0, 11.0])

missing = np.isnan(raw)
n_missing = int(missing.sum())
mean_nan = np.nanmean(raw)
std_nan = np.nanstd(raw)
plain_mean = raw.mean()  # nan
z = (raw - mean_nan) / std_nan
outliers = np.where(np.abs(np.nan_to_num(z)) > 2.5)[0]

clean = raw.copy()
clean[outliers] = np.nan
bad = np.isnan(clean)
clean[bad] = np.interp(t[bad], t[~bad], clean[~bad])

# daily (24-sample) statistics via reshape
daily = raw.reshape(-1, 24)
daily_mean = np.nanmean(daily, axis=1)
daily_max = np.nanmax(daily, axis=1)
daily_missing = np.isnan(daily).sum(axis=1)

# rolling mean by cumsum and by convolve
w = 5
cs = np.cumsum(np.insert(clean, 0, 0.0))
roll_cs = (cs[w:] - cs[:-w]) / w
roll_conv = np.convolve(clean, np.ones(w) / w, mode="valid")

# clip in place to the physical range
clipped = np.empty_like(clean)
np.clip(clean, 16.0, 24.0, out=clipped)
n_clipped = int(np.sum((clean < 16.0) | (clean > 24.0)))
filled_zero = np.nan_to_num(raw, nan=0.0)
median = np.nanmedian(raw)
p10, p90 = np.nanpercentile(raw, [10, 90])
rmse = float(np.sqrt(np.mean((clean - signal) ** 2)))
print("missing=%d outliers=%s rmse=%.3f" % (n_missing, outliers.tolist(), rmse))


def main():
    return {"n_missing": n_missing, "mean_nan": float(mean_nan), "std_nan": float(std_nan),
            "plain_mean_isnan": bool(np.isnan(plain_mean)), "outliers": outliers,
            "clean": clean, "daily_mean": daily_mean, "daily_max": daily_max,
            "daily_missing": daily_missing, "roll_cs": roll_cs,
            "roll_conv": roll_conv, "clipped": clipped, "n_clipped": n_clipped,
            "filled_zero": filled_zero, "median": float(median),
            "p10": float(p10), "p90": float(p90), "rmse": rmse}
