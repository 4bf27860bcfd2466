"""Good libOS images: what load_image reports and what relocate produces, checked against the ELF
read independently (pyelftools' ELFFile and the symbol table), the ABI header, and the build."""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from exo.abi import Perm
from exo.errors import ImageError
from exo.image import PAGE_SIZE, PERM_R, PERM_W, PERM_X, load_image, main

from .elfgen import R_RISCV_RELATIVE, ROOT, Elf, built_image, minimal, r_info

BASE = 0x8020_0000


@pytest.fixture(scope="module")
def relocs_path() -> Path:
    return built_image("relocs")


@pytest.fixture(scope="module")
def hello_path() -> Path:
    return built_image("hello")


def _symbols(path: Path) -> dict[str, int]:
    with path.open("rb") as f:
        symtab = ELFFile(f).get_section_by_name(".symtab")
        return {s.name: s["st_value"] for s in symtab.iter_symbols() if s.name}


def test_rights_are_the_abi_perm_bits() -> None:
    # ELF's PF_R/PF_W/PF_X are 4/2/1; EXO_PERM_R/W/X are 1/2/4 (exo.abi mirrors abi.h).
    assert (PERM_R, PERM_W, PERM_X) == (Perm.R, Perm.W, Perm.X) == (1, 2, 4)
    craft = minimal()
    img = load_image(craft.build())
    assert img.page_rights[:3] == (Perm.R | Perm.X, Perm.R, Perm.R | Perm.W)


def test_hello_layout(hello_path: Path) -> None:
    img = load_image(hello_path)
    assert [s.rights for s in img.segments] == [PERM_R | PERM_X, PERM_R, PERM_R | PERM_W]
    assert all(s.vaddr % PAGE_SIZE == 0 for s in img.segments)
    assert img.segments[0].vaddr == 0
    assert img.entry == _symbols(hello_path)["_start"]
    assert img.span == img.span_pages * PAGE_SIZE
    assert img.span >= img.segments[-1].end > img.span - PAGE_SIZE


def test_segments_match_pyelftools(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    with relocs_path.open("rb") as f:
        loads = [s for s in ELFFile(f).iter_segments() if s["p_type"] == "PT_LOAD"]
        want = [(s["p_vaddr"], s["p_memsz"], s["p_filesz"], s["p_offset"]) for s in loads]
    assert [(s.vaddr, s.memsz, s.filesz, s.offset) for s in img.segments] == want


def test_relocations_match_rela_dyn(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    with relocs_path.open("rb") as f:
        rela = ELFFile(f).get_section_by_name(".rela.dyn")
        want = [(r["r_offset"], r["r_addend"]) for r in rela.iter_relocations()]
        assert all(r["r_info_type"] == R_RISCV_RELATIVE for r in rela.iter_relocations())
    assert [(r.offset, r.addend) for r in img.relocations] == want
    assert len(want) >= 6  # data, const tables, function pointers, jump table, TLS template


def test_page_rights(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    rights = img.page_rights
    assert len(rights) == img.span_pages
    for s in img.segments:
        first, last = s.vaddr // PAGE_SIZE, (s.end - 1) // PAGE_SIZE
        assert set(rights[first : last + 1]) == {s.rights}


def test_relocated_pointers_point_at_their_symbols(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    sym = _symbols(relocs_path)
    flat = img.relocate(BASE)

    def word(offset: int) -> int:
        return int.from_bytes(flat[offset : offset + 8], "little")

    assert word(sym["counter_ptr"]) == BASE + sym["counter"]
    assert word(sym["end_of_buffer"]) == BASE + sym["buffer"] + 64
    assert word(sym["ops"]) == BASE + sym["add"]
    assert word(sym["ops"] + 8) == BASE + sym["sub"]
    # tls_ptr lives in the TLS template, which is the running thread's TLS block.
    tls_base = sym["__tls_base"]
    assert word(tls_base + sym["tls_ptr"]) == BASE + sym["counter"]


def test_relocate_copies_file_bytes_and_zeroes_bss(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    raw = relocs_path.read_bytes()
    flat = img.relocate(BASE)
    patched = {r.offset + i for r in img.relocations for i in range(8)}
    for s in img.segments:
        for i in range(s.filesz):
            if s.vaddr + i not in patched:
                assert flat[s.vaddr + i] == raw[s.offset + i]
        assert flat[s.vaddr + s.filesz : s.end] == bytes(s.end - s.vaddr - s.filesz)


def test_two_bases_differ_only_in_relocated_words(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    a, b = img.relocate(BASE), img.relocate(BASE + 0x10_0000)
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    patched = {r.offset + i for r in img.relocations for i in range(8)}
    assert diff and set(diff) <= patched
    for r in img.relocations:
        va = int.from_bytes(a[r.offset : r.offset + 8], "little")
        vb = int.from_bytes(b[r.offset : r.offset + 8], "little")
        assert vb - va == 0x10_0000


def test_flat_carries_rights_entry_and_crc(relocs_path: Path) -> None:
    img = load_image(relocs_path)
    flat = img.flat(BASE)
    assert flat.data == img.relocate(BASE)
    assert flat.crc32 == zlib.crc32(flat.data)
    assert flat.entry == BASE + img.entry
    assert flat.page_rights == img.page_rights
    assert img.flat(BASE + PAGE_SIZE).crc32 != flat.crc32


@pytest.mark.parametrize("base", [BASE + 1, BASE + 0x800, -PAGE_SIZE, 2**64 - PAGE_SIZE])
def test_bad_base_is_refused(relocs_path: Path, base: int) -> None:
    with pytest.raises(ImageError, match="bad base: .* is not a page-aligned address"):
        load_image(relocs_path).relocate(base)


def test_bytes_and_path_give_the_same_image(relocs_path: Path) -> None:
    a = load_image(relocs_path)
    b = load_image(relocs_path.read_bytes(), name=str(relocs_path))
    assert a == b


def test_rv32_crafted_image_relocates_with_4_byte_words() -> None:
    w32 = r_info(32, 0, R_RISCV_RELATIVE)
    craft = minimal(xlen=32, relocs=[(0x2000, w32, 0x1000), (0x2004, w32, 0x0)])
    img = load_image(craft.build(), xlen=32)
    flat = img.relocate(0x8000_0000)
    assert flat[0x2000:0x2004] == (0x8000_1000).to_bytes(4, "little")
    assert flat[0x2004:0x2008] == (0x8000_0000).to_bytes(4, "little")
    assert flat[0x2008:0x2010] == bytes(8)
    with pytest.raises(ImageError, match="bad base"):
        img.relocate(0xFFFF_F000)  # the image would run past 4 GiB


def test_addend_one_past_the_end_is_allowed() -> None:
    # `char *end = buf + sizeof buf` for the image's last object: a valid C pointer.
    craft = minimal(relocs=[(0x2000, r_info(64, 0, R_RISCV_RELATIVE), 0x4000)])
    img = load_image(craft.build())
    assert img.span == 0x4000
    assert img.relocate(BASE)[0x2000:0x2008] == (BASE + 0x4000).to_bytes(8, "little")


def test_cli_check(relocs_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["check", "--xlen", "64", str(relocs_path)]) == 0
    assert "relocations" in capsys.readouterr().out
    bad = tmp_path / "bad.elf"
    bad.write_bytes(relocs_path.read_bytes()[:100])
    assert main(["check", str(bad)]) == 1
    assert f"{bad}: program header table outside the file" in capsys.readouterr().err
    assert main([]) == 2


# ---- the build's post-link step (libos/lib/mkpie.py) ---------------------------------

CC = "riscv64-unknown-elf-gcc"
ARCH = ["-misa-spec=2.2", "-march=rv64imac", "-mabi=lp64"]
ARCH32 = ["-misa-spec=2.2", "-march=rv32imac", "-mabi=ilp32"]


def _link(tmp_path: Path, source: str, cflags: list[str]) -> Path:
    if shutil.which(CC) is None:
        pytest.skip(f"{CC} is not installed: run `make deps`")
    src = tmp_path / "t.c"
    src.write_text(source)
    out = tmp_path / "t.elf"
    ld = ROOT / "libos" / "lib" / "libos.ld"
    cmd = [CC, *ARCH, *cflags, "-nostdlib", "-nostartfiles", "-T", str(ld), "-Wl,-q"]
    cmd += ["-Wl,--defsym=__libos_rela_size=0,--defsym=__libos_dynamic_size=96"]
    cmd += ["-Wl,--defsym=_start=main", str(src), "-o", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    return out


def _mkpie(*args: str) -> subprocess.CompletedProcess:
    import sys

    tool = ROOT / "libos" / "lib" / "mkpie.py"
    return subprocess.run([sys.executable, str(tool), *args], capture_output=True, text=True)


def test_mkpie_refuses_absolute_code(tmp_path: Path) -> None:
    src = "int x; int main(void) { return x; }\n"
    elf = _link(tmp_path, src, ["-O1", "-mcmodel=medlow", "-fno-pic"])
    done = _mkpie("count", str(elf))
    assert done.returncode == 1
    assert "absolute code addressing: compile with -mcmodel=medany" in done.stderr


def test_mkpie_refuses_got(tmp_path: Path) -> None:
    src = "int x; int main(void) { return x; }\n"
    elf = _link(tmp_path, src, ["-O1", "-mcmodel=medany", "-fPIC"])
    done = _mkpie("count", str(elf))
    assert done.returncode == 1
    assert "R_RISCV_GOT_HI20" in done.stderr


def test_mkpie_counts_pointers(tmp_path: Path) -> None:
    # Two real pointers; NULL, an undefined weak symbol (stays NULL) and an absolute symbol
    # (a number, not an address) need no relocation.
    src = (
        "extern int weak_missing __attribute__((weak));\n"
        "extern char __libos_stack_size[];\n"
        "int x, y;\n"
        "int *p[] = {&x, &y, 0, &weak_missing};\n"
        "char *size = __libos_stack_size;\n"
        "int main(void) { return *p[0] + (int)(long)size; }\n"
    )
    elf = _link(tmp_path, src, ["-O1", "-mcmodel=medany", "-fno-pic"])
    done = _mkpie("count", str(elf))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(2 * 24)


def test_mkpie_refuses_32_bit_pointer_on_rv64(tmp_path: Path) -> None:
    src = 'int x; __asm__(".data\\n.word x\\n"); int main(void) { return x; }\n'
    elf = _link(tmp_path, src, ["-O1", "-mcmodel=medany", "-fno-pic"])
    done = _mkpie("count", str(elf))
    assert done.returncode == 1
    assert "R_RISCV_32 (a 32-bit pointer cannot be relocated on rv64)" in done.stderr


# ---- running images under a stand-in monitor (QEMU) ----------------------------------
# Until the kernel loads images, a 40-line M-mode stub stands in for it: it opens all memory
# to U-mode with one PMP entry, enters the relocated image's entry point in U-mode, and serves
# three syscalls (console write to the UART, env self, exit through QEMU's test finisher), so
# crt0, the syscall layer and the relocations are proven on a real hart at a moved base.

STUB = r"""
#include <exo/abi.h>
#define UART 0x10000000
#define FINISHER 0x100000
#if __riscv_xlen == 64
#define SAVE sd
#define LOAD ld
#else
#define SAVE sw
#define LOAD lw
#endif
    .text
    .globl _start
_start:
    la t0, trap
    csrw mtvec, t0
    la t0, stack_top
    csrw mscratch, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f /* NAPOT over all memory, RWX */
    csrw pmpcfg0, t0
    li t0, 0x1800
    csrc mstatus, t0 /* MPP = U */
    li t0, ENTRY
    csrw mepc, t0
    mret
    .align 2 /* mtvec's low two bits are the mode */
trap:
    csrrw sp, mscratch, sp
    addi sp, sp, -32
    SAVE t0, 0(sp)
    SAVE t1, 8(sp)
    SAVE t2, 16(sp)
    csrr t0, mcause
    li t1, 8 /* ecall from U-mode */
    bne t0, t1, fail
    li t1, EXO_SYS_CONSOLE_WRITE
    beq a7, t1, write
    li t1, EXO_SYS_ENV_SELF
    beq a7, t1, self
    li t1, EXO_SYS_EXIT
    beq a7, t1, exit
    li a0, EXO_ENOSYS
    j done
write:
    li t0, UART
    add t1, a0, a1
1:  bgeu a0, t1, 2f
    lbu t2, 0(a0)
    sb t2, 0(t0)
    addi a0, a0, 1
    j 1b
2:  li a0, 0
    j done
self:
    li a0, 0
    li a1, ENV_ID
    j done
exit:
    li t0, FINISHER
    li t1, 0x5555
    beqz a0, 3f
    slli t1, a0, 16
    li t2, 0x3333
    or t1, t1, t2
3:  sw t1, 0(t0)
4:  j 4b
fail:
    li t0, FINISHER
    li t1, (0xee << 16) | 0x3333
    sw t1, 0(t0)
    j 4b
done:
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    LOAD t0, 0(sp)
    LOAD t1, 8(sp)
    LOAD t2, 16(sp)
    addi sp, sp, 32
    csrrw sp, mscratch, sp
    mret
    .bss
    .align 4
    .space 512
stack_top:
"""


def _run_image(
    tmp_path: Path, path: Path, base: int, env_id: int, xlen: int = 64
) -> tuple[int, bytes]:
    qemu = shutil.which(f"qemu-system-riscv{xlen}")
    if qemu is None or shutil.which(CC) is None:
        pytest.skip(f"qemu-system-riscv{xlen} or the RISC-V toolchain is missing: run `make deps`")
    img = load_image(path, xlen=xlen)
    (tmp_path / "flat.bin").write_bytes(img.relocate(base))
    (tmp_path / "stub.S").write_text(STUB)
    inc = ROOT / "firmware" / "include"
    stub = tmp_path / "stub.elf"
    arch = ARCH if xlen == 64 else ARCH32
    subprocess.run(
        [CC, *arch, "-mcmodel=medany", "-nostdlib", "-nostartfiles", f"-I{inc}",
         f"-DENTRY={base + img.entry:#x}", f"-DENV_ID={env_id}", "-Wl,-Ttext=0x80000000",
         "-Wl,--no-warn-rwx-segments,--no-relax", str(tmp_path / "stub.S"), "-o", str(stub)],
        check=True, capture_output=True,
    )  # fmt: skip
    cmd = [qemu, "-machine", "virt", "-m", "128M", "-display", "none", "-monitor", "none"]
    cmd += ["-serial", "stdio", "-bios", str(stub)]
    cmd += ["-device", f"loader,file={tmp_path / 'flat.bin'},addr={base:#x},force-raw=on"]
    # The timeout only stops a hung QEMU (subprocess kills it); nothing asserts on time.
    done = subprocess.run(cmd, capture_output=True, timeout=60)
    return done.returncode, done.stdout


@pytest.mark.qemu
@pytest.mark.parametrize("base", [0x8020_0000, 0x8123_4000])
def test_relocs_env_runs_at_a_moved_base(tmp_path: Path, relocs_path: Path, base: int) -> None:
    code, out = _run_image(tmp_path, relocs_path, base, env_id=1)
    assert out == b"relocs ok\n"
    assert code == 0


@pytest.mark.qemu
def test_hello_says_its_env_id(tmp_path: Path, hello_path: Path) -> None:
    code, out = _run_image(tmp_path, hello_path, 0x8040_0000, env_id=0x30007)
    assert out == b"hello from env 196615\n"
    assert code == 0


@pytest.mark.qemu
def test_unrelocated_image_fails_at_run_time(tmp_path: Path, relocs_path: Path) -> None:
    # The control: the same image with its pointers aimed wrong must not pass, so the test
    # above can fail.
    base = 0x8020_0000
    flat_path = tmp_path / "broken.elf"
    flat_path.write_bytes(relocs_path.read_bytes())
    e = Elf.read(flat_path)
    for k in range(e.rela_count()):
        off, info, _ = e.rela(k)
        e.set_rela(k, off, info, 0x10)  # every pointer to the same wrong place
    flat_path.write_bytes(e.bytes())
    code, out = _run_image(tmp_path, flat_path, base, env_id=1)
    assert out != b"relocs ok\n"
    assert code != 0


@pytest.mark.qemu
@pytest.mark.slow
def test_rv32_build_runs(tmp_path: Path) -> None:
    # The libOS build for boards/qemu-virt-rv32.toml: mkpie's 32-bit path, crt0 and 4-byte
    # relocations, end to end on qemu-system-riscv32.
    if shutil.which("make") is None or shutil.which(CC) is None:
        pytest.skip("make or the RISC-V toolchain is missing: run `make deps`")
    import sys

    build = tmp_path / "build"
    subprocess.run(
        ["make", "-s", "-C", str(ROOT / "libos"), "BOARD=qemu-virt-rv32", f"PY={sys.executable}",
         f"BUILD={build}"],
        check=True, capture_output=True,
    )  # fmt: skip
    images = build / "qemu-virt-rv32" / "libos"
    code, out = _run_image(tmp_path, images / "relocs.elf", 0x8030_0000, env_id=1, xlen=32)
    assert (code, out) == (0, b"relocs ok\n")
    code, out = _run_image(tmp_path, images / "hello.elf", 0x8050_0000, env_id=70000, xlen=32)
    assert (code, out) == (0, b"hello from env 70000\n")
