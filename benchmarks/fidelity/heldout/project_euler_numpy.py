"""Project Euler 1, 6, 9, 10, 12 solved with NumPy arrays."""
import numpy as np


def euler1(n=1000):
    a = np.arange(n)
    return int(a[(a % 3 == 0) | (a % 5 == 0)].sum())


def euler6(n=100):
    a = np.arange(1, n + 1)
    return int(a.sum() ** 2 - (a ** 2).sum())


def euler9(total=1000):
    a = np.arange(1, total)[:, None]
    b = np.arange(1, total)[None, :]
    c = total - a - b
    mask = (a < b) & (b < c) & (a * a + b * b == c * c)
    ia, ib = np.nonzero(mask)
    A, B = int(ia[0] + 1), int(ib[0] + 1)
    return A, B, total - A - B, A * B * (total - A - B)


def primes_below(n):
    sieve = np.ones(n, dtype=bool)
    sieve[:2] = False
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = False
    return np.flatnonzero(sieve)


def euler10(n=20000):
    return int(primes_below(n).sum())


def num_divisors(n, primes):
    count = 1
    for p in primes:
        if p * p > n:
            break
        e = 0
        while n % p == 0:
            n //= p
            e += 1
        count *= e + 1
    if n > 1:
        count *= 2
    return count


def euler12(limit=100):
    primes = primes_below(1000)
    k = 1
    while True:
        tri = k * (k + 1) // 2
        if num_divisors(tri, primes) > limit:
            return tri
        k += 1


def main():
    r1 = euler1()
    r6 = euler6()
    r9 = euler9()
    r10 = euler10()
    r12 = euler12(60)
    tri = np.cumsum(np.arange(1, 21))
    print(f"PE1={r1} PE6={r6} PE9={r9} PE10={r10} PE12={r12}")
    return {"pe1": r1, "pe6": r6, "pe9": np.array(r9), "pe10": r10, "pe12": r12,
            "triangles": tri, "primes100": primes_below(100)}
