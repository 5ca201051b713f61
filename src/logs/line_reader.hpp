#pragma once
// Streaming line reader for log files: one line at a time in a bounded buffer, whatever the input.
//
// - Line ends: LF; a CR right before the LF (CRLF) is removed. A last line without LF is returned.
// - Lines longer than kMaxLineBytes are returned truncated to kMaxLineBytes (Line::truncated set);
//   the rest of that line is skipped, so memory stays bounded by about kMaxLineBytes + kChunkBytes.
// - Bytes are returned as they are: NUL bytes, invalid UTF-8 and other binary garbage are kept inside
//   the line (callers count such lines as unparsed; nothing is dropped silently).
// - gzip (RFC 1952, magic 1f 8b, also several concatenated members) is detected from the first bytes
//   and inflated on the fly with zlib; a plain file is read with read(2) and no copy through zlib.
// - "-" reads standard input (also gzip).
// Errors: open() throws std::runtime_error "<path>: <reason>" (no such file, a directory, a FIFO is
// allowed only for "-"); a read or inflate error while reading sets error() and ends the lines.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace awf::logs {

inline constexpr std::size_t kMaxLineBytes = 2u << 20;  ///< 2 MiB kept of one line
inline constexpr std::size_t kChunkBytes = 1u << 20;    ///< read(2) / inflate chunk, 1 MiB

struct Line {
  std::string_view text;     ///< without the line end; valid until the next call of next()
  std::uint64_t number = 0;  ///< 1-based line number
  bool truncated = false;    ///< the line was longer than kMaxLineBytes
};

class LineReader {
 public:
  /// Opens a file ("-" = stdin). Throws std::runtime_error on a missing, unreadable or special file.
  static LineReader open(const std::string& path);
  /// Reads bytes [begin, end) of a regular file as lines (a part of a plain file read in
  /// parallel; `begin` must be 0 or just after a LF). No gzip detection. Throws like open().
  static LineReader open_range(const std::string& path, std::uint64_t begin, std::uint64_t end);
  /// Reads lines from memory (tests, fuzzing); `data` must outlive the reader. gzip is inflated too.
  static LineReader from_memory(std::string_view data);

  LineReader(LineReader&&) noexcept;
  LineReader& operator=(LineReader&&) noexcept;
  ~LineReader();

  /// Next line, or false at the end (or after an error: see error()).
  bool next(Line& out);
  /// Bulk access for a hot loop: the complete lines buffered so far, from the next line up to and
  /// including the last LF (filling the buffer first when it holds no complete line). Line ends are
  /// raw (LF, maybe CR LF) and a line may exceed kMaxLineBytes: the caller cuts it like next() does.
  /// Empty when next() must be called instead: at the end of the input (a last line without LF),
  /// after an error, or when the next line is longer than the buffer holds. Valid until the next
  /// call of any reading member; consume() says how much of it was used.
  std::string_view peek_lines();
  /// Marks `bytes` of peek_lines() (ending just after a LF) holding `lines` lines as read.
  void consume(std::size_t bytes, std::uint64_t lines);
  /// Lines returned or consumed so far (the number of the last one).
  std::uint64_t line_number() const;
  bool gzip() const;
  /// Empty, or why reading stopped early ("read error: …", "corrupt gzip data: …").
  const std::string& error() const;
  /// Input bytes consumed so far (compressed bytes for gzip).
  std::uint64_t bytes_in() const;

 private:
  struct Impl;
  explicit LineReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace awf::logs
