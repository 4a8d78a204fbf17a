// Host tool: renders a payload (raw, or a test vector file) or an error
// screen to PNG exactly as the panel would show it, and prints the parse.
//   render [--size WxH] [--lang ru|en] [--scale N] [--battery-low]
//          (INPUT | --offline REASON | --unregistered DEVICE_ID) OUT.png
//   render --dump INPUT      only print the canonical parse dump
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../core/layout.h"
#include "../core/payload.h"
#include "png.h"
#include "vectors.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: render [--size WxH] [--lang ru|en] [--scale N] [--battery-low]\n"
               "              (INPUT | --offline REASON | --unregistered ID) OUT.png\n"
               "       render --dump INPUT\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int w = 400, h = 300, scale = 1;
  rd::DeviceInfo dev;
  dev.fw_version = "fw 1.0.0";
  std::string mode = "payload", arg, out;
  std::vector<std::string> pos;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_next = i + 1 < argc;
    if (a == "--size" && has_next) {
      if (std::sscanf(argv[++i], "%dx%d", &w, &h) != 2 || w < 16 || h < 16 || w > 2000 || h > 2000)
        return usage();
    } else if (a == "--lang" && has_next) {
      dev.lang = std::strcmp(argv[++i], "en") == 0 ? rd::Lang::En : rd::Lang::Ru;
    } else if (a == "--scale" && has_next) {
      scale = std::atoi(argv[++i]);
      if (scale < 1 || scale > 8) return usage();
    } else if (a == "--dump") {
      mode = "dump";
    } else if (a == "--battery-low") {
      dev.battery_low = true;
    } else if ((a == "--offline" || a == "--unregistered") && has_next) {
      mode = a.substr(2);
      arg = argv[++i];
    } else {
      pos.push_back(a);
    }
  }
  const size_t wanted = mode == "payload" ? 2 : 1;  // INPUT OUT.png, or one of them
  if (pos.size() != wanted) return usage();
  out = pos.back();

  std::vector<uint8_t> black(rd::Frame::plane_bytes(w, h)), red(rd::Frame::plane_bytes(w, h));
  rd::Frame frame(black.data(), red.data(), w, h);
  if (mode == "offline") {
    rd::layout_no_network(frame, dev, arg.c_str());
  } else if (mode == "unregistered") {
    dev.device_id = arg.c_str();
    rd::layout_unregistered(frame, dev);
  } else {  // payload or dump
    std::string text;
    if (!rd_host::read_file(pos[0], text)) {
      std::fprintf(stderr, "cannot read %s\n", pos[0].c_str());
      return 1;
    }
    if (text.find("--- payload\n") != std::string::npos) {
      rd_host::Vector v;
      std::string err;
      if (!rd_host::parse_vector(text, v, err)) {
        std::fprintf(stderr, "%s: %s\n", pos[0].c_str(), err.c_str());
        return 1;
      }
      text = v.payload;
    }
    static rd::Schedule s;
    const rd::ParseError e = rd::parse_payload(text.data(), text.size(), s);
    char dump[4096];
    rd::dump_schedule(s, e, dump, sizeof dump);
    std::fputs(dump, stdout);
    if (mode == "dump") return e == rd::ParseError::None ? 0 : 3;
    if (e != rd::ParseError::None) {
      std::fprintf(stderr, "payload rejected (%s): rendering the offline screen\n",
                   rd::parse_error_name(e));
      rd::layout_no_network(frame, dev, "payload");
    } else {
      rd::layout_schedule(frame, s, dev);
    }
  }
  if (!rd_host::write_frame_png(out, frame, scale)) {
    std::fprintf(stderr, "cannot write %s\n", out.c_str());
    return 1;
  }
  std::printf("wrote %s (%dx%d, hash %08x)\n", out.c_str(), w * scale, h * scale, frame.hash());
  return 0;
}
