"""Rosetta Code style text processing with integer arrays: Caesar/Vigenere, letter frequencies."""
import numpy as np

text = ("the quick brown fox jumps over the lazy dog while numpy arrays "
        "make vectorised string processing surprisingly pleasant and fast")
codes = np.array([ord(ch) for ch in text], dtype=np.int32)
is_letter = (codes >= ord("a")) & (codes <= ord("z"))
letters = codes[is_letter] - ord("a")

# Caesar shift applied only to letters (boolean mask assignment with array RHS)
shift = 7
enc = codes.copy()
enc[is_letter] = (codes[is_letter] - ord("a") + shift) % 26 + ord("a")
encrypted = "".join(chr(c) for c in enc)

# frequency analysis to recover the shift
freq = np.bincount(letters, minlength=26)
enc_freq = np.bincount(enc[is_letter] - ord("a"), minlength=26)
guess = int((np.argmax(enc_freq) - ord("e") + ord("a")) % 26)
scores = np.array([np.dot(np.roll(enc_freq, -s), freq) for s in range(26)])
best_shift = int(np.argmax(scores))

# Vigenere with a repeating key
key = np.array([ord(c) - ord("a") for c in "numpy"])
k = np.resize(key, letters.size)
vig = (letters + k) % 26
dec = (vig - k) % 26
roundtrip = bool(np.array_equal(dec, letters))

# word statistics
words = text.split()
lengths = np.array([len(w) for w in words])
len_vals, len_counts = np.unique(lengths, return_counts=True)
longest = [w for w, l in zip(words, lengths) if l == lengths.max()]
top3 = np.argsort(freq)[::-1][:3]
top3_letters = "".join(chr(int(i) + ord("a")) for i in top3)
vowel_mask = np.isin(letters, [0, 4, 8, 14, 20])
vowel_ratio = vowel_mask.mean()
pangram = bool(np.all(freq[:26] > 0))
print(encrypted[:40])
print("top letters: %s, vowel ratio %.3f" % (top3_letters, vowel_ratio))


def main():
    return {"enc": enc, "encrypted": encrypted, "freq": freq, "guess": guess,
            "scores": scores, "best_shift": best_shift, "vig": vig, "roundtrip": roundtrip,
            "len_vals": len_vals, "len_counts": len_counts, "longest": longest,
            "top3_letters": top3_letters, "vowel_ratio": float(vowel_ratio),
            "pangram": pangram, "mean_len": float(lengths.mean())}
