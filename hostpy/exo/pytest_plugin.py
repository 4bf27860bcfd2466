"""pytest plugin for exo targets (placeholder until the plugin lands)."""


def pytest_addoption(parser):
    group = parser.getgroup("exo")
    group.addoption("--exo-board", default="qemu-virt", help="board to test (default qemu-virt)")
    group.addoption("--exo-port", default=None, help="use an attached board on this port")
