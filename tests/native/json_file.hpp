#pragma once
// A JSON file of the repository (profiles/, portfolio-models/) as nlohmann::json, discarded
// (is_discarded()) when it does not parse.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace marginkit::test {

inline nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, false);
}

}  // namespace marginkit::test
