// Minimal PNG writer for host tools: 8-bit RGB, zlib "stored" blocks.
#pragma once
#include <cstdint>
#include <string>

#include "../core/frame.h"

namespace rd_host {

// Writes an RGB image (w*h*3 bytes) as PNG; false on I/O error.
bool write_png(const std::string& path, const uint8_t* rgb, int w, int h);

// Renders the frame in panel colours (white, black, red), each frame pixel
// as a scale x scale block.
bool write_frame_png(const std::string& path, const rd::Frame& frame, int scale = 1);

}  // namespace rd_host
