#!/usr/bin/env bash
# Installs the Debian packages the build needs, and only those that are missing.
# Safe to run again: a second run checks with dpkg-query and installs nothing.
set -euo pipefail

packages=(
  gcc-riscv64-unknown-elf       # the RISC-V cross compiler (rv32 and rv64 multilibs)
  picolibc-riscv64-unknown-elf  # the C library libOSes link
  qemu-system-misc              # qemu-system-riscv64 / -riscv32
  device-tree-compiler          # dtc: reading and checking device trees
  clang-format                  # `make lint`
  python3-venv                  # the .venv the host package lives in
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
