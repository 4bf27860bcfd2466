/* kernel/version.h: the firmware's version and build id, as HELLO, INFO and the banner say. */
#ifndef EXO_KERNEL_VERSION_H
#define EXO_KERNEL_VERSION_H

extern const char version_string[];   /* "0.1.0": the top-level pyproject.toml's version */
extern const char version_build_id[]; /* a short hash of the firmware sources */

#endif /* EXO_KERNEL_VERSION_H */
