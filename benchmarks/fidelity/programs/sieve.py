"""Rosetta Code: Sieve of Eratosthenes with a boolean array, plus twin primes and a totient table."""
import numpy as np


def primes_upto(limit):
    is_prime = np.ones(limit + 1, dtype=bool)
    is_prime[:2] = False
    for n in range(2, int(limit**0.5) + 1):
        if is_prime[n]:
            is_prime[n * n::n] = False
    return np.nonzero(is_prime)[0]


def totients(n):
    phi = np.arange(n + 1)
    for p in range(2, n + 1):
        if phi[p] == p:
            phi[p::p] -= phi[p::p] // p
    return phi


def main():
    primes = primes_upto(200)
    gaps = np.diff(primes)
    twins = primes[:-1][gaps == 2]
    return {"primes": primes, "count": len(primes), "twins": twins,
            "phi": totients(40), "max_gap": gaps.max()}
