// Windows services (src/platform.hpp's winservice.cpp): Linux has none, as psutil has no
// win_service_* there. The functions, each throwing not_supported, are src/posix/winservice.cpp's,
// shared by the POSIX systems (cmake/sources.cmake lists it).
