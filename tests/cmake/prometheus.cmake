# Prometheus (issue 18): `psinfo metrics` and `psinfo serve` checked by promtool, compared with
# Debian's node_exporter scraped at the same moment, scraped by a real Prometheus, and under
# load (tests/prometheus, pytest). Debian's prometheus and prometheus-node-exporter are
# started on free loopback ports and stopped by the tests.
if(TARGET psinfo_cli)
  # Under ASan the heap's quarantine and per-thread caches make the memory figures meaningless:
  # the load test then checks everything else.
  set(_sanitized 0)
  if(PSINFO_SANITIZE)
    set(_sanitized 1)
  endif()
  foreach(kind format nodeexp server load)
    add_test(NAME prometheus_${kind}
      COMMAND ${PSINFO_TEST_PYTHON} -m pytest -q -p no:cacheprovider
              ${CMAKE_CURRENT_SOURCE_DIR}/prometheus/test_prometheus_${kind}.py)
    set_tests_properties(prometheus_${kind} PROPERTIES LABELS prometheus TIMEOUT 300
      ENVIRONMENT "PSINFO_CLI=$<TARGET_FILE:psinfo_cli>;PYTHONDONTWRITEBYTECODE=1;PSINFO_SHARED_FIXTURES_DEFAULT=${PSINFO_SHARED_FIXTURES};PSINFO_TEST_SANITIZED=${_sanitized}")
  endforeach()
endif()
