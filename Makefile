# exo: the one entry point. `make run` and `make test` install what is missing first.
#   make run     boot the default board in QEMU with its boot bundle (hello): no host needed
#   make bundle  link build/BOARD/exo-bundle.elf (BUNDLE="SPEC..." picks the images)
#   make test    build everything and run every test
#   make bench   instruction-count benchmarks under QEMU -icount shift=0
#   make lint    ruff and clang-format checks
BOARD  ?= qemu-virt
VENV   := .venv
PY     := $(abspath $(VENV))/bin/python
BUILD  := $(abspath build)
JOBS   ?= auto
SUBMAKE = $(MAKE) --no-print-directory BOARD=$(BOARD) PY=$(PY) BUILD=$(BUILD)

.PHONY: all deps apt-deps firmware libos exopy-host bundle run test bench lint format clean

all: firmware libos exopy-host

deps: apt-deps $(VENV)/.installed

apt-deps:
	@tools/install-deps.sh

# The venv is rebuilt only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/pip install -q --upgrade pip
	@$(VENV)/bin/pip install -q -e '.[test]'
	@touch $@

firmware: deps
	+@$(SUBMAKE) -C firmware

libos: deps
	+@if [ -f libos/Makefile ]; then $(SUBMAKE) -C libos; fi

exopy-host:
	+@if [ -f libos/exopy/Makefile ]; then $(SUBMAKE) -C libos/exopy host; fi

# The bundle's images are libOS images, so it comes after libos.
bundle: firmware libos
	+@$(SUBMAKE) -C firmware bundle $(if $(BUNDLE),BUNDLE="$(BUNDLE)")

run: all bundle
	@$(VENV)/bin/exo boot --board $(BOARD) --firmware $(BUILD)/$(BOARD)/exo-bundle.elf

test: all bundle
	@$(PY) -m pytest -n $(JOBS) --exo-board $(BOARD)

bench: all
	@$(VENV)/bin/exo bench --board $(BOARD)

lint: deps
	@$(VENV)/bin/ruff check hostpy tests libos/lib
	@$(VENV)/bin/ruff format --check hostpy tests libos/lib
	@find firmware libos -name '*.[ch]' | xargs clang-format --dry-run --Werror

format: deps
	@$(VENV)/bin/ruff format hostpy tests libos/lib
	@find firmware libos -name '*.[ch]' | xargs clang-format -i

clean:
	rm -rf build
