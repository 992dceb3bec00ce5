#pragma once
// GDAL set-up and error capture.  GDAL errors become our exceptions inside layers/ and never pass
// this module's boundary.
#include <string>

namespace harbormap::layers {

// Registers drivers once and sets process-wide options (quiet, no PAM .aux.xml side files).
void ensure_gdal();

// While alive, GDAL/CPL errors are captured instead of printed; last() returns the last message.
class gdal_error_capture {
public:
    gdal_error_capture();
    ~gdal_error_capture();
    gdal_error_capture(const gdal_error_capture&) = delete;
    gdal_error_capture& operator=(const gdal_error_capture&) = delete;
    std::string last() const;
};

} // namespace harbormap::layers
