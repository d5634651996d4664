#pragma once
// Venue profiles: the margin schedules of profiles/*.json (one file per venue, with its sources
// and the date they were read), compiled in at build time (cmake/embed_profiles.cmake writes the
// definition of embedded_profiles from them) and read by the same strict JSON reader as
// config.schedule: one definition, natively and in wasm. config.profile names one.
#include <vector>

namespace marginkit {

struct EmbeddedProfile {
  const char* name;           // the file's "name" (= its file name)
  const char* schedule_json;  // its "schedule" object, as JSON text
};

// Sorted by name.
const std::vector<EmbeddedProfile>& embedded_profiles();

}  // namespace marginkit
