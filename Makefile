# exo: the one entry point. `make run` and `make test` install what is missing first.
#   make run     boot the default board in QEMU with its boot bundle (hello, then exopy): on a
#                terminal it ends at exopy's >>> prompt; otherwise exopy runs a demo script
#   make bundle  link build/BOARD/exo-bundle.elf (BUNDLE="SPEC..." picks the images) and
#                build/BOARD/exo-exopy.elf (hello and exopy, the one `make run` boots)
#   make test    build everything and run every test
#   make bench   benchmarks: instruction counts under QEMU -icount shift=0 (kernel, libexo,
#                exopy) and the host link; a table and build/bench/results.json
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
	+@if [ -f $(BUILD)/$(BOARD)/libos/exopy.elf ]; then \
	    $(SUBMAKE) -C firmware bundle BUNDLE_ELF=$(EXOPY_BUNDLE) \
	    BUNDLE="$(BUILD)/$(BOARD)/libos/hello.elf $(BUILD)/$(BOARD)/libos/exopy.elf,slots=24"; fi

# exopy (64-bit boards only) is started last, so it holds the terminal, with 24 of the 32 slots
# (a slot is 1/32 of the CPU): a terminal gets its >>> prompt (Ctrl-] quits); anything else (CI)
# gets the demo script run through `exo run`, which stops QEMU after it.
EXOPY_BUNDLE := $(BUILD)/$(BOARD)/exo-exopy.elf
run: all bundle
	@if [ -t 0 ]; then \
	    $(VENV)/bin/exo boot --board $(BOARD) --firmware $(EXOPY_BUNDLE); \
	else \
	    $(VENV)/bin/exo run --board $(BOARD) --firmware $(EXOPY_BUNDLE) tests/exopy/target/demo.py; \
	fi

test: all bundle
	@$(PY) -m pytest -n $(JOBS) --exo-board $(BOARD)

bench: firmware libos
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
