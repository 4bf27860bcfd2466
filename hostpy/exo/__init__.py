"""exo: host tools for the exo exokernel (link, loader, QEMU runner, CLI, pytest plugin)."""

__version__ = "0.1.0"
