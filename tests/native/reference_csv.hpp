#pragma once
// A tiny reader for the reference tables in tests/reference (MARGINKIT_REFERENCE_DIR).
//
// Format: one header row naming the columns, then one record per line, comma-separated. A field
// may be enclosed in double quotes (then it may hold commas, and "" stands for one quote); the
// only such field in our files is `formula` in bsm_identity_cases.csv. Lines may end in \r\n.
// Numbers are parsed in the C locale. No exceptions: problems are reported in `error`.
#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <locale>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace marginkit::test {

#ifdef MARGINKIT_REFERENCE_DIR
inline std::string reference_path(const std::string& file_name) {
  return std::string(MARGINKIT_REFERENCE_DIR) + "/" + file_name;
}
#endif

// Splits one CSV record into fields. Returns false when a quoted field is not closed.
inline bool split_csv_record(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return !quoted;
}

struct CsvRow {
  std::size_t line = 0;  // 1-based line number in the file, for messages
  std::map<std::string, std::string> fields;

  bool has(const std::string& column) const {
    const auto it = fields.find(column);
    return it != fields.end() && !it->second.empty();
  }
  // The field as text; empty when the column is missing.
  std::string text(const std::string& column) const {
    const auto it = fields.find(column);
    return it == fields.end() ? std::string() : it->second;
  }
  // The field as a number (C locale); NaN when missing, empty or not entirely a number.
  double number(const std::string& column) const {
    const std::string field = text(column);
    double value = std::numeric_limits<double>::quiet_NaN();
    if (field.empty()) return value;
    std::istringstream in(field);
    in.imbue(std::locale::classic());
    in >> value;
    if (in.fail()) return std::numeric_limits<double>::quiet_NaN();
    in >> std::ws;
    if (!in.eof()) return std::numeric_limits<double>::quiet_NaN();
    return value;
  }
  // Every field, "name=value" in header order, for failure messages.
  std::string describe(const std::vector<std::string>& header) const {
    std::string out;
    for (const auto& column : header) {
      if (!out.empty()) out += ", ";
      out += column + "=" + text(column);
    }
    return out;
  }
};

struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  std::string error;  // empty when the file was read completely
  bool ok() const { return error.empty(); }
};

inline CsvTable read_csv(const std::string& path) {
  CsvTable table;
  table.path = path;
  std::ifstream file(path);
  if (!file) {
    table.error = "cannot open " + path;
    return table;
  }
  std::string line;
  std::vector<std::string> fields;
  std::size_t line_number = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (!split_csv_record(line, fields)) {
      table.error = path + ":" + std::to_string(line_number) + ": unterminated quoted field";
      return table;
    }
    if (table.header.empty()) {
      table.header = fields;
      continue;
    }
    if (fields.size() != table.header.size()) {
      table.error = path + ":" + std::to_string(line_number) + ": " +
                    std::to_string(fields.size()) + " fields, header has " +
                    std::to_string(table.header.size());
      return table;
    }
    CsvRow row;
    row.line = line_number;
    for (std::size_t i = 0; i < fields.size(); ++i) row.fields[table.header[i]] = fields[i];
    table.rows.push_back(std::move(row));
  }
  if (table.header.empty()) table.error = path + ": no header row";
  return table;
}

}  // namespace marginkit::test
