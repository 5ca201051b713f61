#pragma once
// A decoded view of text that may hold escaped bytes, with the map back to the original offsets:
// redact() looks for registered secrets in this view too, so a peer that reflects a key with its
// bytes escaped (all of them or only some) does not print it (docs/security.md "What is redacted").
//
// decode_escapes decodes one layer of these escapes, freely mixed within the text (redact() applies it
// twice, for `%2573` and for a JSON body that escaped an already escaped value):
// - `%HH`, upper- or lower-case hex (RFC 3986 §2.1 percent-encoding; any byte, unreserved ones too);
// - `&#DDDD;` and `&#xHHHH;` / `&#XHHHH;` HTML numeric character references (the ';' may be missing,
//   as HTML parsers accept; leading zeros allowed);
// - JSON escapes: backslash, `u`, four hex digits (RFC 8259 §7), and the two-character escapes `\/`, `\\`, `\"`.
// Numeric references and JSON u-escapes are decoded only for code points 1-127 (a credential sent in an
// HTTP header is visible ASCII, RFC 9110 §5.5); others stay as written. Every decoded byte comes
// from exactly one escape or one raw byte, so the view is never longer than the text.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace awf {

struct DecodedView {
  std::string text;               ///< the decoded bytes
  std::vector<std::size_t> from;  ///< from[i]: offset in the original of text[i]'s escape (or byte);
                                  ///< from[text.size()] == the original's size
};

/// True when `text` holds an introducer of one of the escapes above ('%', "&#", '\\').
bool may_hold_escapes(std::string_view text);

/// The view of `text` with one layer of escapes decoded. Linear in text.size(); never throws except
/// std::bad_alloc.
DecodedView decode_escapes(std::string_view text);

}  // namespace awf
