"""Named rewrites for patterns a table row cannot express, one pattern per module."""
