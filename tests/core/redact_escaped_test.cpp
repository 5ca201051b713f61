// A reflected credential with its bytes escaped — all of them or only some, in %XX (either hex case),
// HTML numeric references or JSON u-escapes — is masked (core/redact.hpp; new-user test 13 F10).
#include <catch.hpp>

#include <cstdio>
#include <string>
#include <string_view>

#include "core/redact.hpp"

using namespace awf;

namespace {

constexpr const char* kKey = "sk-ant-api03-CANARYkeyAAAA1111bbbb";  // registered (a credential variable)
constexpr const char* kOther = "test-real-anthropic-key-0001";       // registered, no key shape

/// `s` with every byte at index i where pick(i) escaped by `form` ("%X", "%x", "&#d", "&#x", "\\u").
template <typename Pick>
std::string escape(const std::string& s, std::string_view form, Pick pick) {
  std::string out;
  char buf[16];
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned c = static_cast<unsigned char>(s[i]);
    if (!pick(i)) {
      out += s[i];
      continue;
    }
    if (form == "%X") std::snprintf(buf, sizeof buf, "%%%02X", c);
    else if (form == "%x") std::snprintf(buf, sizeof buf, "%%%02x", c);
    else if (form == "&#d") std::snprintf(buf, sizeof buf, "&#%u;", c);
    else if (form == "&#x") std::snprintf(buf, sizeof buf, "&#x%x;", c);
    else std::snprintf(buf, sizeof buf, "\\u%04x", c);
    out += buf;
  }
  return out;
}

bool holds_run(const std::string& text, const std::string& secret, std::size_t run) {
  for (std::size_t o = 0; o + run <= secret.size(); ++o)
    if (text.find(secret.substr(o, run)) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("escaped forms of a registered secret are masked: every byte, some bytes, mixed", "[core][redact]") {
  SecretSet s;
  s.add_derived(kKey);
  s.add_derived(kOther);
  for (const std::string& key : {std::string(kKey), std::string(kOther)}) {
    const std::string fp = fingerprint(key);
    for (const char* form : {"%X", "%x", "&#d", "&#x", "\\u"}) {
      const std::string all = escape(key, form, [](std::size_t) { return true; });
      const std::string some = escape(key, form, [](std::size_t i) { return i % 3 == 1; });
      const std::string dashes = escape(key, form, [&](std::size_t i) { return key[i] == '-'; });  // sk\u002dant\u002d…
      for (const std::string& e : {all, some, dashes}) {
        const std::string out = redact("invalid x-api-key: <" + e + "> (" + e + ")", s);
        INFO(form << ": " << e << " -> " << out);
        CHECK(out == "invalid x-api-key: <[redacted len=" + std::to_string(key.size()) + " " + fp + "]> ([redacted len=" +
                         std::to_string(key.size()) + " " + fp + "])");
      }
    }
    // Mixed within one key: %XX, &#NN;, &#xHH; and u-escapes side by side with raw bytes.
    std::string mixed;
    for (std::size_t i = 0; i < key.size(); ++i) {
      const std::string b(1, key[i]);
      const char* forms[] = {"%X", "&#d", "raw", "\\u", "&#x", "%x"};
      const std::string f = forms[i % 6];
      mixed += f == "raw" ? b : escape(b, f, [](std::size_t) { return true; });
    }
    const std::string out = redact("echo=" + mixed + ";", s);
    INFO(mixed << " -> " << out);
    CHECK(out == "echo=[redacted len=" + std::to_string(key.size()) + " " + fp + "];");
  }
}

TEST_CASE("two layers of escapes are decoded: double percent-encoding, an escaped JSON escape", "[core][redact]") {
  SecretSet s;
  s.add(kOther);
  const std::string fp = fingerprint(kOther);
  const std::string once = escape(kOther, "%X", [](std::size_t) { return true; });
  std::string twice;  // %2574%2565…
  for (char c : once) twice += c == '%' ? std::string("%25") : std::string(1, c);
  std::string json_twice;  // test\\u002dreal… as a JSON body holding an escaped value shows it
  for (char c : std::string(kOther)) json_twice += c == '-' ? std::string("\\\\u002d") : std::string(1, c);
  for (const std::string& e : {twice, json_twice, escape(once, "&#d", [](std::size_t i) { return i % 3 == 0; })}) {
    const std::string out = redact("[" + e + "]", s);
    INFO(e << " -> " << out);
    CHECK(out == "[[redacted len=28 " + fp + "]]");
  }
}

TEST_CASE("an escaped partial echo and an unregistered escaped key shape are masked", "[core][redact]") {
  SecretSet s;
  s.add(kOther);
  const std::string cut = std::string(kOther).substr(2, 22);
  const std::string out = redact("got " + escape(cut, "%x", [](std::size_t) { return true; }) + " end", s);
  INFO(out);
  CHECK(out.find("[redacted len=28 ") != std::string::npos);
  CHECK(out.rfind("got ", 0) == 0);
  CHECK(out.substr(out.size() - 4) == " end");
  // Not registered anywhere: the shape net still sees it once decoded.
  SecretSet none;
  const std::string unreg = "sk-ant-oat01-CANARYtokCCCC2222dddd";
  for (const char* form : {"%X", "&#d", "\\u"}) {
    const std::string shown = redact(escape(unreg, form, [](std::size_t) { return true; }), none);
    INFO(shown);
    CHECK(shown == "[redacted len=34 " + fingerprint(unreg) + "]");
  }
}

TEST_CASE("escapes that hold no secret are left as written", "[core][redact]") {
  SecretSet s;
  s.add(kOther);
  for (const char* text : {"100% done, %41 and &#65; and \\u0041", "path=%2Fv1%2Fmessages&beta=true",
                                 "{\"message\":\"a\\/b \\\"q\\\"\"}", "&#233;t&#xE9;"})
    CHECK(redact(text, s) == std::string(text));
  // Escaped bytes around a raw secret: the secret is masked, the escapes stay.
  const std::string out = redact("%41" + std::string(kOther) + "&#66;", s);
  CHECK(out == "%41[redacted len=28 " + fingerprint(kOther) + "]&#66;");
  CHECK_FALSE(holds_run(out, kOther, 8));
}
