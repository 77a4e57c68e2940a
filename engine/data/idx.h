// idx.h: IDX files (LeCun's format that MNIST and Fashion-MNIST ship in), plain or gzip-compressed.
// Layout (big-endian): u8 0 | u8 0 | u8 type | u8 ndims | u32 dims[ndims] | values, row-major.
// Types read: 0x08 unsigned bytes and 0x0D 32-bit floats; the others (0x09 signed bytes, 0x0B
// shorts, 0x0C ints, 0x0E doubles) are rejected by name. 1 to 4 dimensions, none of them 0; the
// first counts the items (images, labels). A gzip file (RFC 1952: one member, its CRC-32 and size
// checked) is recognised by its magic bytes 1f 8b, whatever its name.
// Every error names the file, the byte offset or field and what is accepted; sizes are checked
// against the caller's limit before anything is allocated. Not here: writing IDX files, turning
// an array into a dataset (data.cpp does that).
#pragma once

#include "engine/core/common.h"

#include <string>
#include <vector>

namespace ae {

constexpr int kIdxUbyte = 0x08;
constexpr int kIdxFloat = 0x0D;

struct IdxArray {
    int type = 0;          // kIdxUbyte or kIdxFloat
    std::vector<int> dims; // 1 to 4 sizes; dims[0] = items
    std::string data;      // the values as stored in the file (big-endian floats)
    long items() const { return dims.empty() ? 0 : dims[0]; }
    long item_size() const; // the product of dims[1..] (1 for a 1-D array)
    float at(long i) const; // value i: a byte as 0..255, or the float
};

// bytes: the whole file (gzip or not). max_values: the limit on the product of the dims,
// checked before the values are copied; a gzip stream that would inflate past what that many
// values take is stopped there. *out is unchanged on error.
Status parse_idx(const std::string& bytes, const std::string& name, long max_values, IdxArray* out);

} // namespace ae
