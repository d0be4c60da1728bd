#
# Monte Carlo valuation of European and arithmetic Asian call options
# in the Black-Scholes-Merton model: geometric Brownian motion simulated
# step by step (after "Python for Finance", chapter on stochastics)
#
import math
import os

import numpy as np

SIZE = os.environ.get("N2T_SIZE", "published")
M, I = {"published": (50, 10000), "large": (50, 200000)}[SIZE]

# Parameter Values
S0 = 100.  # initial index level
K = 105.  # strike price
T = 1.0  # time-to-maturity
r = 0.05  # riskless short rate
sigma = 0.2  # volatility

dt = T / M

# Simulating I paths with M time steps
np.random.seed(1000)
S = np.zeros((M + 1, I))
S[0] = S0
for t in range(1, M + 1):
    z = np.random.standard_normal(I)  # pseudo-random numbers
    S[t] = S[t - 1] * np.exp((r - 0.5 * sigma ** 2) * dt
                             + sigma * math.sqrt(dt) * z)
    # vectorized operation per time step over all paths

# Calculating the Monte Carlo estimators
C0 = math.exp(-r * T) * np.sum(np.maximum(S[-1] - K, 0)) / I
A0 = math.exp(-r * T) * np.sum(np.maximum(S[1:].mean(axis=0) - K, 0)) / I

# standard error of the European estimator
payoff = math.exp(-r * T) * np.maximum(S[-1] - K, 0)
se = payoff.std(ddof=1) / math.sqrt(I)

# Result Output
print("European Option Value %7.3f (s.e. %.3f)" % (C0, se))
print("Asian Option Value    %7.3f" % A0)

RESULT = (C0, A0, se, S[-1])
