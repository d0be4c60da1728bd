"""Rosetta Code / Project Euler style: sieve of Eratosthenes, Goldbach partitions, digit sums."""
import numpy as np


def main():
    N = 2000
    is_prime = np.ones(N + 1, dtype=bool)
    is_prime[:2] = False
    for i in range(2, int(N ** 0.5) + 1):
        if is_prime[i]:
            is_prime[i * i::i] = False
    primes = np.nonzero(is_prime)[0]
    print("pi(%d) = %d" % (N, len(primes)))
    print("last primes:", primes[-5:].tolist())

    # prime gaps
    gaps = np.diff(primes)
    gap_vals, gap_counts = np.unique(gaps, return_counts=True)
    twin_idx = np.where(gaps == 2)[0]
    twins = np.column_stack([primes[twin_idx], primes[twin_idx + 1]])

    # Goldbach: number of ways to write even n as p + q, p <= q
    evens = np.arange(4, 201, 2)
    ways = np.zeros(len(evens), dtype=int)
    for k, n in enumerate(evens):
        p = primes[primes <= n // 2]
        ways[k] = np.sum(is_prime[n - p])
    hardest = evens[np.argmax(ways)]

    # digit sums and digital roots of primes below 1000
    small = primes[primes < 1000]
    digits = np.zeros_like(small)
    tmp = small.copy()
    while np.any(tmp > 0):
        digits += tmp % 10
        tmp //= 10
    droot = 1 + (small - 1) % 9
    root_counts = np.bincount(droot, minlength=10)

    # Euler 10 style: sum of primes
    total = int(primes.sum())
    # last digit distribution of primes
    last_digit = primes % 10
    last_counts = {int(d): int(np.sum(last_digit == d)) for d in (1, 3, 7, 9)}
    # Ulam-like: primes of form 4k+1 vs 4k+3
    frac_4k1 = np.mean(primes[1:] % 4 == 1)
    print("sum of primes:", total, "frac 4k+1: %.4f" % frac_4k1)
    return {"primes": primes, "gap_vals": gap_vals, "gap_counts": gap_counts,
            "twins": twins[:20], "ways": ways, "hardest": int(hardest),
            "digits": digits, "root_counts": root_counts, "total": total,
            "last_counts": last_counts, "frac_4k1": float(frac_4k1)}
