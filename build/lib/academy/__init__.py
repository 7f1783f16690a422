"""Academy: compile one Markdown academy into isolated per-audience Material sites."""

from __future__ import annotations

__version__ = "0.1.0"
