#include "core/activity.hpp"

namespace th {

const char* format_name(FileFormat f) {
  switch (f) {
    case FileFormat::Fit: return "fit";
    case FileFormat::Gpx: return "gpx";
    case FileFormat::Tcx: return "tcx";
    case FileFormat::Unknown: break;
  }
  return "unknown";
}

}  // namespace th
