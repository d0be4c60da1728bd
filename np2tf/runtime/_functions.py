"""Placeholder: filled in by the runtime work."""

__all__: list[str] = []
