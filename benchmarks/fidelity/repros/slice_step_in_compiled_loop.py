"""Sieve `is_prime[n * n::n] = False` in a loop --tf-function auto compiles: 'slice step cannot be zero'."""
import numpy as np


def primes_upto(limit):
    is_prime = np.ones(limit + 1, dtype=bool)
    is_prime[:2] = False
    for n in range(2, int(limit**0.5) + 1):
        if is_prime[n]:
            is_prime[n * n::n] = False
    return np.nonzero(is_prime)[0]


def main():
    return {"primes": primes_upto(50)}
