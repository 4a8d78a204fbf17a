// A Stream that keeps the first `cap` bytes of an HTTP body in a fixed
// buffer and counts (but drops) the rest. HTTPClient::writeToStream() feeds
// it, which also undoes chunked transfer encoding.
#pragma once
#include <Stream.h>

class BodySink : public Stream {
 public:
  BodySink(char* buf, size_t cap) : buf_(buf), cap_(cap) {}
  size_t write(uint8_t b) override { return write(&b, 1); }
  size_t write(const uint8_t* p, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      if (len_ < cap_) buf_[len_++] = static_cast<char>(p[i]);
      else overflow_ = true;
    }
    return n;  // report everything as consumed so the transfer completes
  }
  int available() override { return 0; }
  int read() override { return -1; }
  int peek() override { return -1; }
  void flush() override {}

  size_t length() const { return len_; }
  bool overflow() const { return overflow_; }

 private:
  char* buf_;
  size_t cap_;
  size_t len_ = 0;
  bool overflow_ = false;
};
