"""FFT low-pass filtering of a noisy signal, spectral peak detection, and convolution smoothing."""
import numpy as np


def main():
    np.random.seed(1234)
    fs = 200.0
    t = np.arange(0, 2.0, 1 / fs)
    clean = np.sin(2 * np.pi * 5 * t) + 0.5 * np.sin(2 * np.pi * 12 * t)
    noisy = clean + 0.8 * np.random.randn(t.size)

    spectrum = np.fft.fft(noisy)
    freqs = np.fft.fftfreq(t.size, d=1 / fs)
    power = np.abs(spectrum) ** 2
    pos = freqs > 0
    peak_freqs = freqs[pos][np.argsort(power[pos])[-2:]]

    filtered_spec = spectrum.copy()
    filtered_spec[np.abs(freqs) > 15] = 0
    filtered = np.real(np.fft.ifft(filtered_spec))

    rspec = np.fft.rfft(noisy)
    rfreqs = np.fft.rfftfreq(t.size, 1 / fs)
    rspec[rfreqs > 15] = 0
    filtered_r = np.fft.irfft(rspec, n=t.size)

    window = np.hanning(11)
    window /= window.sum()
    smooth = np.convolve(noisy, window, mode='same')
    box = np.convolve(noisy, np.ones(5) / 5, mode='valid')

    err_fft = np.sqrt(np.mean((filtered - clean) ** 2))
    err_conv = np.sqrt(np.mean((smooth - clean) ** 2))
    print(f"dominant frequencies: {sorted(peak_freqs)}")
    print(f"RMSE fft={err_fft:.4f}, conv={err_conv:.4f}")

    # 2D FFT of a small image: shift and magnitude
    img = np.zeros((16, 16))
    img[6:10, 6:10] = 1.0
    F2 = np.fft.fftshift(np.fft.fft2(img))
    mag = np.log1p(np.abs(F2))
    return {"peak_freqs": np.sort(peak_freqs), "filtered": filtered,
            "filtered_r": filtered_r, "smooth": smooth, "box": box,
            "err_fft": err_fft, "err_conv": err_conv, "mag": mag,
            "dc": np.abs(F2[8, 8])}
