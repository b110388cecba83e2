// psinfo CLI — Prometheus metrics: samples, the two text formats, content negotiation and the
// README's table. The collectors are in metrics_collectors.cpp.
#include "metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "json.hpp"

namespace psinfo_cli::metrics {

void append_label_value(std::string& out, std::string_view v) {
  for (std::size_t i = 0; i < v.size();) {
    const char c = v[i];
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (const std::size_t n = utf8_sequence(v, i)) {
      out.append(v, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
}

void family::start(std::initializer_list<label> labels) {
  body += info->name;
  if (labels.size()) {
    body += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
      if (!first) body += ',';
      first = false;
      body += name;
      body += "=\"";
      append_label_value(body, value);
      body += '"';
    }
    body += '}';
  }
  body += ' ';
}

void family::add(std::initializer_list<label> labels, std::uint64_t value) {
  start(labels);
  body += fmt::format_int(value).str();
  body += '\n';
}

void family::add(std::initializer_list<label> labels, double value) {
  start(labels);
  if (std::isnan(value))
    body += "NaN";
  else if (std::isinf(value))
    body += value > 0 ? "+Inf" : "-Inf";
  else
    fmt::format_to(std::back_inserter(body), "{}", value);
  body += '\n';
}

family& writer::operator()(const family_info& f) {
  for (std::size_t i = first_; i < out_.families.size(); ++i)
    if (out_.families[i].info == &f) return out_.families[i];
  out_.families.push_back(family{&f, {}});
  return out_.families.back();
}

namespace {

const char* type_name(metric_type t) { return t == metric_type::counter ? "counter" : "gauge"; }

// A counter's family name in OpenMetrics: the sample name without _total.
std::string_view openmetrics_name(const family_info& f) {
  std::string_view n = f.name;
  constexpr std::string_view total = "_total";
  if (f.type == metric_type::counter && n.size() > total.size() &&
      n.substr(n.size() - total.size()) == total)
    n.remove_suffix(total.size());
  return n;
}

}  // namespace

std::string render(const exposition& e, format f) {
  std::size_t size = 16;
  for (const family& fam : e.families) size += fam.body.size() + 160;
  std::string out;
  out.reserve(size);
  for (const family& fam : e.families) {
    if (fam.body.empty()) continue;
    // HELP texts are the table's: no backslash, quote or newline to escape in either format.
    const std::string_view name =
        f == format::openmetrics ? openmetrics_name(*fam.info) : std::string_view(fam.info->name);
    out += "# HELP ";
    out += name;
    out += ' ';
    out += fam.info->help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type_name(fam.info->type);
    out += '\n';
    out += fam.body;
  }
  if (f == format::openmetrics) out += "# EOF\n";
  return out;
}

const char* content_type(format f) {
  return f == format::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                  : "text/plain; version=0.0.4; charset=utf-8";
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The quality of a media range's parameters ("q=0.5"); 1 without one, 0 if not a number.
// `version` is set to the version parameter, if any.
double quality(std::string_view params, std::string_view& version) {
  double q = 1;
  while (!params.empty()) {
    const std::size_t semi = params.find(';');
    const std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    const std::size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = trim(p.substr(0, eq)), value = trim(p.substr(eq + 1));
    if (iequal(key, "q")) {
      const std::string text(value);
      char* end = nullptr;
      q = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end || !(q >= 0) || q > 1) q = 0;
    } else if (iequal(key, "version")) {
      version = value;
    }
  }
  return q;
}

}  // namespace

format negotiate(std::string_view accept) {
  double om = 0, text = 0;
  while (!accept.empty()) {
    const std::size_t comma = accept.find(',');
    const std::string_view range = trim(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const std::size_t semi = range.find(';');
    const std::string_view type = trim(range.substr(0, semi));
    std::string_view version;
    const double q = quality(
        semi == std::string_view::npos ? std::string_view() : range.substr(semi + 1), version);
    if (iequal(type, "application/openmetrics-text")) {
      if (version.empty() || version == "1.0.0" || version == "0.0.1") om = std::max(om, q);
    } else if (iequal(type, "text/plain") || iequal(type, "*/*") || iequal(type, "text/*")) {
      text = std::max(text, q);
    }
  }
  return om > 0 && om >= text ? format::openmetrics : format::text;
}

std::string describe_markdown() {
  std::string out =
      "| collector | metric | type | labels | what it is |\n"
      "|---|---|---|---|---|\n";
  for (const collector_info& c : collectors())
    for (const family_info* f : c.families)
      out += fmt::format("| {} | `{}`{} | {} | {} | {} |\n", c.name, f->name,
                         f->node ? " (node_exporter)" : "", type_name(f->type), f->labels, f->help);
  return out;
}

}  // namespace psinfo_cli::metrics
