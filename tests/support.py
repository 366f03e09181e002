"""Kept for older imports: the helpers live in tests/services.py."""

from tests.services import closed_port, free_port, wait_for

__all__ = ["closed_port", "free_port", "wait_for"]
