"""The learning app's part of the demo partnership: each part adds its records in turn."""

from __future__ import annotations

from importlib import import_module

from hub.learning.apps import AREAS


def load(log) -> None:
    for area in AREAS:
        import_module(f"hub.learning.{area}.demo").load(log)
