/* psinfo — export and version macros, shared by the C and C++ headers. Plain C. */
#ifndef PSINFO_EXPORT_H
#define PSINFO_EXPORT_H

#define PSINFO_VERSION_MAJOR 0
#define PSINFO_VERSION_MINOR 1
#define PSINFO_VERSION_PATCH 0
/* One number that grows with every release: major*10000 + minor*100 + patch. */
#define PSINFO_VERSION_HEX \
  (PSINFO_VERSION_MAJOR * 10000 + PSINFO_VERSION_MINOR * 100 + PSINFO_VERSION_PATCH)

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
