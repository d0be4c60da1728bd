"""A small NumPy project np2tf converts in `make demo`."""
