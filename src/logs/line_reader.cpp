#include "logs/line_reader.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/text_file.hpp"

namespace awf::logs {

struct LineReader::Impl {
  int fd = -1;
  bool owns_fd = false;
  std::string_view mem;  // memory source (fd < 0)
  std::size_t mem_pos = 0;
  std::uint64_t limit = UINT64_MAX;  // bytes the fd may still deliver (open_range)

  bool gz = false;
  z_stream zs{};
  bool zs_init = false;
  std::vector<unsigned char> in;  // compressed input (gzip only)
  bool in_eof = false;
  bool in_member = false;  // inflate has started a gzip member whose trailer it has not yet read

  std::vector<char> buf;  // decoded bytes: [beg, end) not yet returned
  std::size_t beg = 0, end = 0, scan = 0;
  bool eof = false, skipping = false;
  std::uint64_t line_no = 0, bytes_in = 0;
  std::string error;

  ~Impl() {
    if (zs_init) inflateEnd(&zs);
    if (owns_fd && fd >= 0) ::close(fd);
  }

  // Raw bytes from the source into dst; 0 at end or on error.
  std::size_t raw_read(char* dst, std::size_t n) {
    if (fd < 0) {
      std::size_t k = std::min(n, mem.size() - mem_pos);
      std::memcpy(dst, mem.data() + mem_pos, k);
      mem_pos += k;
      bytes_in += k;
      return k;
    }
    if (limit < n) n = static_cast<std::size_t>(limit);
    if (n == 0) return 0;
    for (;;) {
      ssize_t k = ::read(fd, dst, n);
      if (k >= 0) {
        bytes_in += static_cast<std::uint64_t>(k);
        if (limit != UINT64_MAX) limit -= static_cast<std::uint64_t>(k);
        return static_cast<std::size_t>(k);
      }
      if (errno == EINTR) continue;
      error = std::string("read error: ") + std::strerror(errno);
      return 0;
    }
  }

  // A plain byte range: no gzip detection.
  void start_plain() {
    buf.resize(256u << 10);
    if (limit == 0) eof = true;
  }

  // Looks at the first bytes: gzip magic -> inflate mode, else the bytes become decoded data.
  void start() {
    if (fd < 0) {  // memory: no copy needed to look at the first bytes
      if (mem.size() >= 2 && static_cast<unsigned char>(mem[0]) == 0x1f && static_cast<unsigned char>(mem[1]) == 0x8b) {
        gz = true;
        if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
        zs_init = true;
        in.resize(std::min<std::size_t>(kChunkBytes, mem.size()));
        buf.resize(64u << 10);
        return;
      }
      buf.resize(std::min<std::size_t>(256u << 10, std::max<std::size_t>(4096, mem.size() + 1)));
      if (mem.empty()) eof = true;
      return;
    }
    in.resize(kChunkBytes);
    std::size_t got = 0;
    while (got < 2) {
      std::size_t k = raw_read(reinterpret_cast<char*>(in.data()) + got, in.size() - got);
      if (k == 0) break;
      got += k;
    }
    if (got >= 2 && in[0] == 0x1f && in[1] == 0x8b) {
      gz = true;
      if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
      zs_init = true;
      zs.next_in = in.data();
      zs.avail_in = static_cast<uInt>(got);
      buf.resize(256u << 10);
      return;
    }
    buf.resize(std::max<std::size_t>(256u << 10, got));
    std::memcpy(buf.data(), in.data(), got);
    end = got;
    in.clear();
    in.shrink_to_fit();
    if (got == 0) eof = true;
  }

  // Appends decoded bytes after `end`; returns how many (0 = end of input or error).
  std::size_t fill() {
    // Room for one chunk (for memory input: for what is left of it, so small inputs stay small).
    std::size_t want = (fd < 0 && !gz) ? std::max<std::size_t>(1, std::min(kChunkBytes, mem.size() - mem_pos)) : kChunkBytes;
    if (buf.size() - end < want && buf.size() < kMaxLineBytes + kChunkBytes)
      buf.resize(std::min(kMaxLineBytes + kChunkBytes, std::max(buf.size() * 2, end + want)));
    std::size_t room = std::min(buf.size() - end, kChunkBytes);
    if (!gz) {
      std::size_t k = raw_read(buf.data() + end, room);
      end += k;
      return k;
    }
    for (;;) {
      if (zs.avail_in == 0 && !in_eof) {
        std::size_t k = raw_read(reinterpret_cast<char*>(in.data()), in.size());
        if (k == 0) in_eof = true;
        zs.next_in = in.data();
        zs.avail_in = static_cast<uInt>(k);
      }
      if (zs.avail_in == 0 && in_eof) {
        // The input ended inside a member (no gzip trailer): a truncated file, not a clean end.
        if (in_member && error.empty()) error = "truncated gzip data: the input ends before the gzip trailer";
        in_member = false;
        return 0;
      }
      zs.next_out = reinterpret_cast<Bytef*>(buf.data() + end);
      zs.avail_out = static_cast<uInt>(room);
      int rc = inflate(&zs, Z_NO_FLUSH);
      std::size_t produced = room - zs.avail_out;
      end += produced;
      in_member = rc != Z_STREAM_END;
      if (rc == Z_STREAM_END) {
        inflateReset(&zs);  // another gzip member may follow
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error = std::string("corrupt gzip data: ") + (zs.msg ? zs.msg : "inflate failed");
        in_eof = true;
        zs.avail_in = 0;
        return produced;
      } else if (rc == Z_BUF_ERROR && produced == 0 && zs.avail_in != 0) {
        error = "corrupt gzip data: no progress";
        in_eof = true;
        zs.avail_in = 0;
        return 0;
      }
      if (produced > 0) return produced;
    }
  }

  bool next(Line& out) {
    for (;;) {
      if (scan < end) {
        const void* p = std::memchr(buf.data() + scan, '\n', end - scan);
        if (p) {
          std::size_t nl = static_cast<std::size_t>(static_cast<const char*>(p) - buf.data());
          if (skipping) {
            skipping = false;
            beg = scan = nl + 1;
            continue;
          }
          std::size_t len = nl - beg;
          if (len > 0 && buf[nl - 1] == '\r') --len;
          bool cut = len > kMaxLineBytes;
          out = Line{std::string_view(buf.data() + beg, cut ? kMaxLineBytes : len), ++line_no, cut};
          beg = scan = nl + 1;
          return true;
        }
        scan = end;
      }
      if (skipping) {
        beg = scan = end;
      } else if (end - beg >= kMaxLineBytes) {
        out = Line{std::string_view(buf.data() + beg, kMaxLineBytes), ++line_no, true};
        beg = scan = beg + kMaxLineBytes;
        skipping = true;
        return true;
      }
      if (beg > 0) {
        std::memmove(buf.data(), buf.data() + beg, end - beg);
        end -= beg;
        scan -= beg;
        beg = 0;
      }
      if (eof || fill() == 0) {
        eof = true;
        if (end > beg && !skipping) {
          std::size_t len = end - beg;
          if (buf[end - 1] == '\r') --len;
          out = Line{std::string_view(buf.data() + beg, len), ++line_no, false};
          beg = scan = end;
          return true;
        }
        return false;
      }
    }
  }

  std::string_view peek_lines() {
    for (;;) {
      if (skipping) return {};  // next() first drops the rest of a truncated line
      if (end > beg) {
        const char* b = buf.data();
        for (std::size_t i = end; i > scan; --i)  // the last LF is near the end of a filled buffer
          if (b[i - 1] == '\n') return std::string_view(b + beg, i - beg);
        scan = end;
      }
      if (end - beg >= kMaxLineBytes || eof) return {};
      if (beg > 0) {
        std::memmove(buf.data(), buf.data() + beg, end - beg);
        end -= beg;
        scan -= beg;
        beg = 0;
      }
      if (fill() == 0) {
        eof = true;
        return {};
      }
    }
  }

  void consume(std::size_t bytes, std::uint64_t lines) {
    beg += bytes;
    if (scan < beg) scan = beg;
    line_no += lines;
  }
};

LineReader::LineReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LineReader::LineReader(LineReader&&) noexcept = default;
LineReader& LineReader::operator=(LineReader&&) noexcept = default;
LineReader::~LineReader() = default;

namespace {

int open_regular(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) throw std::runtime_error(path + ": no such file");
    throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    std::string kind = ::fstat(fd, &st) == 0 ? file_kind(st.st_mode) : "unreadable";
    ::close(fd);
    throw std::runtime_error(path + ": is " + kind + ", not a regular file");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

LineReader LineReader::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  if (path == "-") {
    impl->fd = 0;
  } else {
    impl->fd = open_regular(path);
    impl->owns_fd = true;
  }
  impl->start();
  return LineReader(std::move(impl));
}

LineReader LineReader::open_range(const std::string& path, std::uint64_t begin, std::uint64_t end) {
  auto impl = std::make_unique<Impl>();
  impl->fd = open_regular(path);
  impl->owns_fd = true;
  if (::lseek(impl->fd, static_cast<off_t>(begin), SEEK_SET) < 0) throw std::runtime_error(path + ": cannot seek");
  impl->limit = end > begin ? end - begin : 0;
  impl->start_plain();
  return LineReader(std::move(impl));
}

LineReader LineReader::from_memory(std::string_view data) {
  auto impl = std::make_unique<Impl>();
  impl->mem = data;
  impl->start();
  return LineReader(std::move(impl));
}

bool LineReader::next(Line& out) { return impl_->next(out); }
std::string_view LineReader::peek_lines() { return impl_->peek_lines(); }
void LineReader::consume(std::size_t bytes, std::uint64_t lines) { impl_->consume(bytes, lines); }
std::uint64_t LineReader::line_number() const { return impl_->line_no; }
bool LineReader::gzip() const { return impl_->gz; }
const std::string& LineReader::error() const { return impl_->error; }
std::uint64_t LineReader::bytes_in() const { return impl_->bytes_in; }

}  // namespace awf::logs
