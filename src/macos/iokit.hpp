// macOS: the IOKit and CoreFoundation calls the backend makes, declared here instead of
// including <IOKit/IOKitLib.h> and <CoreFoundation/CoreFoundation.h> (Zig's macOS libc has
// neither; gopsutil and Rust's sysinfo declare them the same way). Every name is our own, in
// namespace psinfo::detail::iokit, bound to Apple's symbol by an asm label, so nothing here can
// clash with the SDK's headers on a real Mac, and a misspelt symbol fails the link (the check
// build links against cmake/macos-stubs/*.tbd, which list exactly these symbols).
// The types are the ABI's: CF objects are pointers, CFIndex a long, Boolean an unsigned char,
// io_object_t a mach_port_t, kern_return_t an int.
#pragma once

#include <mach/mach.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

// Mach-O symbols carry a leading underscore.
#define PSINFO_APPLE_SYMBOL(name) __asm__("_" #name)

namespace psinfo::detail::iokit {

using cf_type = const void*;  // CFTypeRef, and every CF*Ref
using cf_index = long;        // CFIndex
using cf_type_id = unsigned long;
using io_object = mach_port_t;  // io_object_t, io_iterator_t, io_registry_entry_t
using io_name = char[128];      // io_name_t

constexpr std::uint32_t cf_string_encoding_utf8 = 0x08000100;  // kCFStringEncodingUTF8
constexpr cf_index cf_number_sint64 = 4;                       // kCFNumberSInt64Type
constexpr mach_port_t main_port_default = MACH_PORT_NULL;      // kIOMainPortDefault

extern "C" {
// CoreFoundation
void cf_release(cf_type) PSINFO_APPLE_SYMBOL(CFRelease);
cf_type_id cf_get_type_id(cf_type) PSINFO_APPLE_SYMBOL(CFGetTypeID);
cf_type_id cf_string_type_id() PSINFO_APPLE_SYMBOL(CFStringGetTypeID);
cf_type_id cf_number_type_id() PSINFO_APPLE_SYMBOL(CFNumberGetTypeID);
cf_type_id cf_data_type_id() PSINFO_APPLE_SYMBOL(CFDataGetTypeID);
cf_type_id cf_dictionary_type_id() PSINFO_APPLE_SYMBOL(CFDictionaryGetTypeID);
cf_type cf_string_create(cf_type allocator, const char* s, std::uint32_t encoding)
    PSINFO_APPLE_SYMBOL(CFStringCreateWithCString);
unsigned char cf_string_get_cstring(cf_type s, char* buf, cf_index size, std::uint32_t encoding)
    PSINFO_APPLE_SYMBOL(CFStringGetCString);
unsigned char cf_number_get_value(cf_type n, cf_index type, void* out)
    PSINFO_APPLE_SYMBOL(CFNumberGetValue);
cf_index cf_data_get_length(cf_type d) PSINFO_APPLE_SYMBOL(CFDataGetLength);
const std::uint8_t* cf_data_get_bytes(cf_type d) PSINFO_APPLE_SYMBOL(CFDataGetBytePtr);
cf_index cf_array_get_count(cf_type a) PSINFO_APPLE_SYMBOL(CFArrayGetCount);
cf_type cf_array_get_value(cf_type a, cf_index i) PSINFO_APPLE_SYMBOL(CFArrayGetValueAtIndex);
cf_type cf_dictionary_get_value(cf_type d, cf_type key) PSINFO_APPLE_SYMBOL(CFDictionaryGetValue);
cf_index cf_dictionary_get_count(cf_type d) PSINFO_APPLE_SYMBOL(CFDictionaryGetCount);
void cf_dictionary_get_keys_and_values(cf_type d, cf_type* keys, cf_type* values)
    PSINFO_APPLE_SYMBOL(CFDictionaryGetKeysAndValues);

// IOKit: the registry
cf_type io_service_matching(const char* class_name) PSINFO_APPLE_SYMBOL(IOServiceMatching);
kern_return_t io_service_get_matching_services(mach_port_t main_port, cf_type matching,
                                               io_object* iterator)
    PSINFO_APPLE_SYMBOL(IOServiceGetMatchingServices);
io_object io_iterator_next(io_object iterator) PSINFO_APPLE_SYMBOL(IOIteratorNext);
kern_return_t io_object_release(io_object o) PSINFO_APPLE_SYMBOL(IOObjectRelease);
std::uint32_t io_object_conforms_to(io_object o, const char* class_name)
    PSINFO_APPLE_SYMBOL(IOObjectConformsTo);
kern_return_t io_registry_entry_get_parent(io_object entry, const char* plane, io_object* parent)
    PSINFO_APPLE_SYMBOL(IORegistryEntryGetParentEntry);
kern_return_t io_registry_entry_get_name(io_object entry, char* name)
    PSINFO_APPLE_SYMBOL(IORegistryEntryGetName);
kern_return_t io_registry_entry_create_cf_properties(io_object entry, cf_type* properties,
                                                     cf_type allocator, std::uint32_t options)
    PSINFO_APPLE_SYMBOL(IORegistryEntryCreateCFProperties);

// IOKit: power sources (IOKit/ps/IOPowerSources.h)
cf_type iops_copy_power_sources_info() PSINFO_APPLE_SYMBOL(IOPSCopyPowerSourcesInfo);
cf_type iops_copy_power_sources_list(cf_type blob) PSINFO_APPLE_SYMBOL(IOPSCopyPowerSourcesList);
cf_type iops_get_power_source_description(cf_type blob, cf_type source)
    PSINFO_APPLE_SYMBOL(IOPSGetPowerSourceDescription);
}

// A CF object this code owns (a Create or Copy result), released at scope exit.
class cf_ptr {
 public:
  explicit cf_ptr(cf_type p = nullptr) noexcept : p_(p) {}
  ~cf_ptr() {
    if (p_) cf_release(p_);
  }
  cf_ptr(cf_ptr&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  cf_ptr(const cf_ptr&) = delete;
  cf_ptr& operator=(const cf_ptr&) = delete;
  cf_type get() const noexcept { return p_; }
  explicit operator bool() const noexcept { return p_ != nullptr; }

 private:
  cf_type p_;
};

// An IOKit object this code owns, released at scope exit.
class io_ptr {
 public:
  explicit io_ptr(io_object o = 0) noexcept : o_(o) {}
  ~io_ptr() {
    if (o_) io_object_release(o_);
  }
  io_ptr(const io_ptr&) = delete;
  io_ptr& operator=(const io_ptr&) = delete;
  io_object get() const noexcept { return o_; }
  io_object* out() noexcept { return &o_; }

 private:
  io_object o_;
};

// Dictionary lookups by a C string key; absent when the key is missing or of another type.
cf_type dict_get(cf_type dict, const char* key);
std::optional<std::int64_t> dict_number(cf_type dict, const char* key);
std::optional<std::string> dict_string(cf_type dict, const char* key);
// A CFString's text (UTF-8); absent when it is no CFString or does not convert.
std::optional<std::string> string_of(cf_type s);

}  // namespace psinfo::detail::iokit
