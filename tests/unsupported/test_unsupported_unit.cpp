// Linked against src/unsupported/ instead of the OS backend: every function must throw
// psinfo::not_supported naming the function, never return zeros.
#include <catch2/catch.hpp>

#include <psinfo/psinfo.hpp>

using Catch::Matchers::Contains;

TEST_CASE("every system function throws not_supported") {
  CHECK_THROWS_AS(psinfo::cpu_times(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_times_percpu(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_percent(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_percent_percpu(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_times_percent(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_times_percent_percpu(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_count(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_count(false), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_stats(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_freq(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::cpu_freq_percpu(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::getloadavg(), psinfo::not_supported);
  CHECK_THROWS_WITH(psinfo::virtual_memory(), Contains("virtual_memory"));
  CHECK_THROWS_AS(psinfo::virtual_memory(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::swap_memory(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::boot_time(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::users(), psinfo::not_supported);
  psinfo::sampler s;
  CHECK_THROWS_AS(s.cpu_percent(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::disk_partitions(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::disk_usage("/"), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::disk_io_counters(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::disk_io_counters_perdisk(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::net_io_counters(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::net_io_counters_pernic(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::net_if_addrs(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::net_if_stats(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::net_connections(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::sensors_temperatures(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::sensors_fans(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::sensors_battery(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::pids(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::process_iter(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::process_iter(psinfo::attr::name), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::process(1), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::process::self(), psinfo::not_supported);
  CHECK_THROWS_WITH(psinfo::win_service_iter(), Contains("win_service_iter"));
  CHECK_THROWS_AS(psinfo::win_service_get("RpcSs"), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::win_service("RpcSs", "").as_dict(), psinfo::not_supported);
}

TEST_CASE("argument checks still come first") {
  CHECK_THROWS_AS(psinfo::cpu_percent(-1), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::net_connections("bogus"), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::process(-1), psinfo::invalid_argument);
}
