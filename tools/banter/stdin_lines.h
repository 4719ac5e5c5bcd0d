// StdinLines: standard input as lines, for the `banter rest` transports.
//
// Thread-safety: one reader thread.
#ifndef BANTER_TOOLS_BANTER_STDIN_LINES_H_
#define BANTER_TOOLS_BANTER_STDIN_LINES_H_

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <string>

namespace banter {

// Standard input, read in blocks with poll(2), so that SIGTERM is seen
// within a quarter second even while no input arrives (a signal that lands
// just before a blocking read would otherwise wait for the next line).
class StdinLines {
 public:
  // `stop` is the flag a signal handler sets.
  explicit StdinLines(const volatile std::sig_atomic_t* stop) : stop_(stop) {}

  // Reads one line without its '\n'. Bytes past `max` are consumed but not
  // kept (*too_long is set), so a huge line costs no memory. False at end of
  // input, on a read error, or once a stop signal arrived (a partial line is
  // dropped).
  bool Next(size_t max, std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    bool any = false;
    for (;;) {
      while (pos_ < len_) {
        const char c = buf_[pos_++];
        any = true;
        if (c == '\n') return true;
        if (line->size() < max) {
          line->push_back(c);
        } else {
          *too_long = true;
        }
      }
      if (eof_) return any;
      if (!Fill()) return false;
    }
  }

 private:
  // False on a stop signal or a read error.
  bool Fill() {
    for (;;) {
      if (*stop_) return false;
      pollfd p{STDIN_FILENO, POLLIN, 0};
      const int ready = ::poll(&p, 1, 250);
      if (ready < 0 && errno != EINTR) return false;
      if (ready <= 0) continue;
      const ssize_t n = ::read(STDIN_FILENO, buf_, sizeof buf_);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return false;
      }
      pos_ = 0;
      len_ = static_cast<size_t>(n);
      if (n == 0) eof_ = true;
      return true;
    }
  }

  const volatile std::sig_atomic_t* stop_;
  char buf_[64 << 10];
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
};

}  // namespace banter

#endif  // BANTER_TOOLS_BANTER_STDIN_LINES_H_
