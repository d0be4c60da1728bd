"""``python -m np2tf``."""

from np2tf.cli import main

if __name__ == "__main__":
    main()
