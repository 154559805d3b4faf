// UTF-8 decoding shared by the core's text checks (error excerpts, safetensors metadata).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace llmsize {

// Length of the valid UTF-8 sequence at `text[at]` (a lead byte of 0x80 or more) and its code
// point; 0 when it is not valid UTF-8 (overlong forms, surrogates and code points past U+10FFFF
// included), as RFC 3629 defines it.
std::size_t utf8_sequence(std::string_view text, std::size_t at, std::uint32_t& code_point);

}  // namespace llmsize
