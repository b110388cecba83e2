// The nowrap engine (src/nowrap.hpp) on hand-fed values (through the public API on fixture trees:
// test_disk_fixtures.cpp). Expected values are worked out by hand from psutil's rule: when a raw
// value drops, the previous raw value is added to the field's offset.
#include <atomic>
#include <catch2/catch.hpp>
#include <psinfo/host.hpp>
#include <thread>
#include <vector>

#include "nowrap.hpp"

using psinfo::detail::nowrap_field;
using psinfo::detail::wrap_numbers;

namespace {
struct ctr {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::optional<std::uint64_t> c;
};
const nowrap_field<ctr> fields[] = {&ctr::a, &ctr::b, &ctr::c};
using table = std::map<std::string, ctr>;

table run(wrap_numbers& w, std::string_view name, table t) {
  w.apply(name, t, fields);
  return t;
}
}  // namespace

TEST_CASE("nowrap: the first call passes through, a 32-bit wrap keeps growing") {
  wrap_numbers w;
  auto r = run(w, "n", {{"eth0", {4294967000u, 5, 7}}});
  CHECK(r["eth0"].a == 4294967000u);
  r = run(w, "n", {{"eth0", {100, 6, 8}}});
  CHECK(r["eth0"].a == 4294967000u + 100);  // 4294967100
  CHECK(r["eth0"].b == 6);
  CHECK(*r["eth0"].c == 8);
  r = run(w, "n", {{"eth0", {250, 7, 9}}});
  CHECK(r["eth0"].a == 4294967000u + 250);
  // A second wrap adds the last raw value (250) to the offset.
  r = run(w, "n", {{"eth0", {10, 8, 10}}});
  CHECK(r["eth0"].a == 4294967000u + 250 + 10);
}

TEST_CASE("nowrap: a reset to zero adds the last raw value, per field and per device") {
  wrap_numbers w;
  run(w, "n", {{"d1", {1000, 2000, 3000}}, {"d2", {50, 60, 70}}});
  auto r = run(w, "n", {{"d1", {0, 2500, 10}}, {"d2", {55, 65, 75}}});
  CHECK(r["d1"].a == 1000);
  CHECK(r["d1"].b == 2500);
  CHECK(*r["d1"].c == 3010);
  CHECK(r["d2"].a == 55);
  CHECK(*r["d2"].c == 75);
  // Equal values are not a wrap.
  r = run(w, "n", {{"d1", {0, 2500, 10}}, {"d2", {55, 65, 75}}});
  CHECK(r["d1"].a == 1000);
  CHECK(*r["d1"].c == 3010);
}

TEST_CASE("nowrap: a vanished device loses its offsets; a new one passes through") {
  wrap_numbers w;
  run(w, "n", {{"d1", {1000, 1, 1}}, {"d2", {10, 1, 1}}});
  auto r = run(w, "n", {{"d1", {5, 2, 2}}, {"d2", {20, 2, 2}}});
  CHECK(r["d1"].a == 1005);
  CHECK(w.devices_tracked("n") == 2);
  r = run(w, "n", {{"d2", {30, 3, 3}}, {"d3", {7, 7, 7}}});  // d1 gone, d3 new
  CHECK(r.count("d1") == 0);
  CHECK(r["d3"].a == 7);
  CHECK(r["d2"].a == 30);
  CHECK(w.devices_tracked("n") == 2);
  // d1 comes back with a lower value than it had: no offset survives its absence.
  r = run(w, "n", {{"d1", {3, 3, 3}}, {"d2", {40, 4, 4}}});
  CHECK(r["d1"].a == 3);
  r = run(w, "n", {{"d1", {1, 4, 4}}, {"d2", {50, 5, 5}}});
  CHECK(r["d1"].a == 1 + 3);
}

TEST_CASE("nowrap: absent optional fields stay absent and are not compared") {
  wrap_numbers w;
  run(w, "n", {{"d", {1, 1, std::nullopt}}});
  auto r = run(w, "n", {{"d", {2, 2, std::nullopt}}});
  CHECK_FALSE(r["d"].c.has_value());
  r = run(w, "n", {{"d", {3, 3, 5}}});
  CHECK(*r["d"].c == 5);
  r = run(w, "n", {{"d", {4, 4, 2}}});
  CHECK(*r["d"].c == 7);
}

TEST_CASE("nowrap: names are independent; clear forgets one name or all") {
  wrap_numbers w;
  run(w, "disk", {{"x", {100, 0, 0}}});
  run(w, "net", {{"x", {100, 0, 0}}});
  auto r = run(w, "disk", {{"x", {1, 0, 0}}});
  CHECK(r["x"].a == 101);
  r = run(w, "net", {{"x", {200, 0, 0}}});  // net did not see disk's wrap
  CHECK(r["x"].a == 200);

  w.clear("disk");
  CHECK(w.devices_tracked("disk") == 0);
  CHECK(w.devices_tracked("net") == 1);
  r = run(w, "disk", {{"x", {0, 0, 0}}});  // first call again: raw
  CHECK(r["x"].a == 0);
  r = run(w, "net", {{"x", {50, 0, 0}}});  // net kept its state: wrap detected
  CHECK(r["x"].a == 250);

  w.clear("no-such-name");  // a no-op, as in psutil
  CHECK(w.devices_tracked("net") == 1);
  w.clear("");
  CHECK(w.devices_tracked("disk") == 0);
  CHECK(w.devices_tracked("net") == 0);
}

TEST_CASE("nowrap: concurrent callers (run under TSan to check the locking)") {
  wrap_numbers w;
  constexpr int threads = 4, rounds = 2000;
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      const std::string name = t % 2 ? "a" : "b";
      for (int i = 0; i < rounds; ++i) {
        // Values only grow: whatever the interleaving, no wrap may be seen.
        table in{{"d" + std::to_string(i % 3), {std::uint64_t(i), 1, 2}}};
        w.apply(name, in, fields);
        if (in.begin()->second.b != 1) ++bad;
        if (i % 500 == 0) psinfo::cache_clear("");
        if (i % 100 == 0) w.clear(name);
      }
    });
  }
  for (auto& th : ts) th.join();
  CHECK(bad == 0);
}
