/* psinfo — export and version macros, shared by the C and C++ headers. Plain C.
 * The version is written here and nowhere else: CMakeLists.txt reads these three lines. */
#ifndef PSINFO_EXPORT_H
#define PSINFO_EXPORT_H

#define PSINFO_VERSION_MAJOR 0
#define PSINFO_VERSION_MINOR 2
#define PSINFO_VERSION_PATCH 0
/* One number that grows with every release: major*10000 + minor*100 + patch. */
#define PSINFO_VERSION_HEX \
  (PSINFO_VERSION_MAJOR * 10000 + PSINFO_VERSION_MINOR * 100 + PSINFO_VERSION_PATCH)

/* The C++ API lives in an inline namespace named for the ABI, psinfo::v<MAJOR>_<MINOR>
 * (psinfo::v0_2): code written as psinfo::x is unchanged, but a program built against the
 * headers of one 0.x release fails to link with another instead of misbehaving. (While 0.x,
 * each minor release may break the ABI; from 1.0 on the major alone will name it.) */
#define PSINFO_ABI_NAME2_(major, minor) v##major##_##minor
#define PSINFO_ABI_NAME_(major, minor) PSINFO_ABI_NAME2_(major, minor)
#define PSINFO_ABI PSINFO_ABI_NAME_(PSINFO_VERSION_MAJOR, PSINFO_VERSION_MINOR)

#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(PSINFO_STATIC)
#define PSINFO_API
#elif defined(PSINFO_BUILDING)
#define PSINFO_API __declspec(dllexport)
#else
#define PSINFO_API __declspec(dllimport)
#endif
#else
#define PSINFO_API __attribute__((visibility("default")))
#endif

#endif /* PSINFO_EXPORT_H */
