// idx.cpp: see idx.h. A gzip member is unwrapped here (header fields, then inflate_raw, then the
// CRC-32 and size trailer); the IDX header is then read field by field with every size checked.
#include "engine/data/idx.h"
#include "engine/data/inflate.h"

#include <cstring>

namespace ae {

namespace {

std::string hex(uint32_t v, int digits) {
    static const char kDigits[] = "0123456789ABCDEF";
    std::string s = "0x";
    for (int i = digits - 1; i >= 0; --i)
        s += kDigits[(v >> (4 * i)) & 0xF];
    return s;
}

uint32_t be32(const std::string& b, size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | uint8_t(b[at + i]);
    return v;
}

uint32_t le32(const std::string& b, size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | uint8_t(b[at + i]);
    return v;
}

// CRC-32 as gzip uses it (reflected polynomial 0xEDB88320).
uint32_t crc32(const std::string& b) {
    uint32_t table[256];
    for (uint32_t n = 0; n < 256; ++n) {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    uint32_t c = 0xFFFFFFFFu;
    for (char ch : b)
        c = table[(c ^ uint8_t(ch)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

// One gzip member (RFC 1952) -> its contents, at most max_out bytes.
Status gunzip(const std::string& b, const std::string& name, size_t max_out, std::string* out) {
    auto fail = [&](const std::string& m) { return Status::Error(name + ": gzip: " + m); };
    if (b.size() < 18)
        return fail("truncated: " + std::to_string(b.size()) +
                    " bytes, a gzip file has at least 18");
    if (uint8_t(b[2]) != 8)
        return fail("byte 2: compression method " + std::to_string(uint8_t(b[2])) +
                    "; only 8 (deflate) is accepted");
    const uint8_t flags = uint8_t(b[3]);
    if (flags & 0xE0) return fail("byte 3: reserved flag bits set (" + hex(flags, 2) + ")");
    size_t at = 10;
    const size_t end = b.size() - 8; // the trailer: CRC-32, size mod 2^32
    if (flags & 0x04) {              // FEXTRA: u16 length, then that many bytes
        if (at + 2 > end) return fail("truncated inside the extra field");
        at += 2 + (uint8_t(b[at]) | size_t(uint8_t(b[at + 1])) << 8);
    }
    for (uint8_t f : {uint8_t(0x08), uint8_t(0x10)}) // FNAME, FCOMMENT: zero-terminated
        if (flags & f) {
            while (at < end && b[at] != 0)
                ++at;
            ++at;
        }
    if (flags & 0x02) at += 2; // FHCRC
    if (at >= end) return fail("truncated: the header runs into the trailer");
    std::string data;
    const Status s = inflate_raw(b.substr(at, end - at), max_out, &data);
    if (!s.ok()) return fail(s.error);
    if (crc32(data) != le32(b, end))
        return fail("CRC-32 mismatch: the file is truncated or corrupted");
    if (uint32_t(data.size()) != le32(b, end + 4))
        return fail("the trailer says " + std::to_string(le32(b, end + 4)) + " bytes, it holds " +
                    std::to_string(data.size()) + " (only single-member gzip files are read)");
    *out = std::move(data);
    return Status::Ok();
}

const char* type_name(int type) {
    switch (type) {
    case 0x08:
        return "unsigned bytes";
    case 0x09:
        return "signed bytes";
    case 0x0B:
        return "16-bit integers";
    case 0x0C:
        return "32-bit integers";
    case 0x0D:
        return "32-bit floats";
    case 0x0E:
        return "64-bit floats";
    default:
        return nullptr;
    }
}

} // namespace

long IdxArray::item_size() const {
    long n = 1;
    for (size_t k = 1; k < dims.size(); ++k)
        n *= dims[k];
    return n;
}

float IdxArray::at(long i) const {
    if (type == kIdxUbyte) return float(uint8_t(data[size_t(i)]));
    const uint32_t u = be32(data, 4 * size_t(i));
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

Status parse_idx(const std::string& bytes, const std::string& name, long max_values,
                 IdxArray* out) {
    AE_ASSERT(max_values > 0 && int64_t(max_values) < (int64_t(1) << 31)); // long: 32 bits in WASM
    const std::string* b = &bytes;
    std::string inflated;
    if (bytes.size() >= 2 && uint8_t(bytes[0]) == 0x1F && uint8_t(bytes[1]) == 0x8B) {
        // The largest file max_values may take: 4 + 4 * 4 header bytes and 4 bytes a value.
        const Status s = gunzip(bytes, name, 20 + 4 * size_t(max_values), &inflated);
        if (!s.ok()) return s;
        b = &inflated;
    }
    auto fail = [&](const std::string& m) { return Status::Error(name + ": " + m); };
    if (b->size() < 4)
        return fail("truncated: " + std::to_string(b->size()) +
                    " bytes; an IDX file starts with 4 magic bytes and its dimensions");
    const uint32_t magic = be32(*b, 0);
    const int type = uint8_t((*b)[2]), ndims = uint8_t((*b)[3]);
    if ((magic >> 16) != 0 || !type_name(type))
        return fail("byte 0: magic " + hex(magic, 8) +
                    " is not an IDX file's (0x0000, a type byte, a dimension count: e.g. "
                    "0x00000803 for images of unsigned bytes)");
    if (type != kIdxUbyte && type != kIdxFloat)
        return fail("byte 2: type " + hex(uint32_t(type), 2) + " (" + type_name(type) +
                    ") is not supported; accepted: 0x08 (unsigned bytes), 0x0D (32-bit floats)");
    if (ndims < 1 || ndims > 4)
        return fail("byte 3: " + std::to_string(ndims) + " dimensions; accepted: 1 to 4");
    const size_t header = 4 + 4 * size_t(ndims);
    if (b->size() < header)
        return fail("truncated: " + std::to_string(b->size()) + " bytes, the header of " +
                    std::to_string(ndims) + " dimensions takes " + std::to_string(header));
    IdxArray a;
    a.type = type;
    uint64_t values = 1;
    for (int k = 0; k < ndims; ++k) {
        const uint32_t d = be32(*b, 4 + 4 * size_t(k));
        const std::string field =
            "byte " + std::to_string(4 + 4 * k) + ": dimension " + std::to_string(k + 1);
        if (d == 0) return fail(field + " is 0; every dimension must be at least 1");
        values *= d; // at most max_values (< 2^31) times d (< 2^32) before the check: no overflow
        if (values > uint64_t(max_values))
            return fail(field + " (" + std::to_string(d) + ") makes more than the limit of " +
                        std::to_string(max_values) + " values");
        a.dims.push_back(int(d));
    }
    const uint64_t need = values * (type == kIdxFloat ? 4 : 1);
    const uint64_t have = b->size() - header;
    if (have < need)
        return fail("truncated: the file ends at byte " + std::to_string(b->size()) +
                    "; the dimensions need " + std::to_string(need) +
                    " bytes of values from byte " + std::to_string(header));
    if (have > need)
        return fail(std::to_string(have - need) + " unexpected bytes after the values (from byte " +
                    std::to_string(header + need) + ")");
    a.data = b->substr(header);
    *out = std::move(a);
    return Status::Ok();
}

} // namespace ae
