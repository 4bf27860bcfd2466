/* kernel/version.c: the only file that sees the generated exo_build.h, so a new build id
 * recompiles one file, not the kernel. */
#include "kernel/version.h"

#if __has_include("exo_build.h")
#include "exo_build.h" /* $(BUILD)/$(BOARD)/exo_build.h, written by the firmware Makefile */
#endif
#ifndef EXO_VERSION
#define EXO_VERSION "0.0.0"
#endif
#ifndef EXO_BUILD_ID
#define EXO_BUILD_ID "unknown"
#endif

const char version_string[] = EXO_VERSION;
const char version_build_id[] = EXO_BUILD_ID;
