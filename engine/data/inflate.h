// inflate.h: raw DEFLATE decompression (RFC 1951: stored, fixed and dynamic Huffman blocks), for
// the share URLs the browser compresses with CompressionStream("deflate-raw"). After Mark
// Adler's puff.c: small and strict rather than fast. The output is capped: a stream that would
// decompress to more than max_out bytes is an error before it is written (no zip bombs).
// Not here: compression (the browser does it), zlib/gzip headers and checksums.
#pragma once

#include "engine/core/common.h"

#include <string>

namespace ae {

// On error: a message saying what is wrong with the stream ("invalid block type 3", "output
// larger than N bytes"); *out unchanged.
Status inflate_raw(const std::string& in, size_t max_out, std::string* out);

} // namespace ae
