// inflate.cpp: see inflate.h. Canonical Huffman codes are decoded bit by bit from per-length
// counts and a symbol table sorted by code (puff.c's method): no lookup tables to build.
#include "engine/data/inflate.h"

#include <cstdint>

namespace ae {

namespace {

constexpr int kMaxBits = 15;

struct Huffman {
    short count[kMaxBits + 1]; // codes of each length
    short symbol[288];         // symbols ordered by code
};

class Inflater {
  public:
    Inflater(const std::string& in, size_t max_out) : in_(in), max_out_(max_out) {}
    std::string out, error;

    bool run() {
        int last = 0, type = 0;
        do {
            if (!bits(1, &last) || !bits(2, &type)) return false;
            const bool ok = type == 0   ? stored()
                            : type == 1 ? fixed()
                            : type == 2 ? dynamic()
                                        : fail("invalid block type 3");
            if (!ok) return false;
        } while (!last);
        return true;
    }

  private:
    bool fail(const std::string& why) {
        if (error.empty()) error = why;
        return false;
    }
    bool bits(int need, int* val) {
        uint64_t v = bitbuf_;
        while (bitcnt_ < need) {
            if (pos_ == in_.size()) return fail("truncated (the stream ends inside a block)");
            v |= uint64_t(uint8_t(in_[pos_++])) << bitcnt_;
            bitcnt_ += 8;
        }
        bitbuf_ = v >> need;
        bitcnt_ -= need;
        *val = int(v & ((uint64_t(1) << need) - 1));
        return true;
    }
    bool emit(char c) {
        if (out.size() >= max_out_)
            return fail("output larger than " + std::to_string(max_out_) + " bytes");
        out += c;
        return true;
    }

    bool stored() {
        bitbuf_ = 0; // a stored block starts at a byte boundary
        bitcnt_ = 0;
        if (pos_ + 4 > in_.size()) return fail("truncated stored block");
        const unsigned len = uint8_t(in_[pos_]) | unsigned(uint8_t(in_[pos_ + 1])) << 8;
        const unsigned nlen = uint8_t(in_[pos_ + 2]) | unsigned(uint8_t(in_[pos_ + 3])) << 8;
        pos_ += 4;
        if (len != (~nlen & 0xFFFFu))
            return fail("stored block length does not match its complement");
        if (pos_ + len > in_.size()) return fail("truncated stored block");
        for (unsigned i = 0; i < len; ++i)
            if (!emit(in_[pos_ + i])) return false;
        pos_ += len;
        return true;
    }

    // Builds h from code lengths; returns 0 for a complete code, > 0 incomplete, < 0 over-full.
    static int construct(Huffman& h, const short* length, int n) {
        for (int len = 0; len <= kMaxBits; ++len)
            h.count[len] = 0;
        for (int s = 0; s < n; ++s)
            h.count[length[s]]++;
        if (h.count[0] == n) return 0; // no codes: complete, but decoding fails
        int left = 1;
        for (int len = 1; len <= kMaxBits; ++len) {
            left <<= 1;
            left -= h.count[len];
            if (left < 0) return left;
        }
        short offs[kMaxBits + 1];
        offs[1] = 0;
        for (int len = 1; len < kMaxBits; ++len)
            offs[len + 1] = short(offs[len] + h.count[len]);
        for (int s = 0; s < n; ++s)
            if (length[s] != 0) h.symbol[offs[length[s]]++] = short(s);
        return left;
    }

    bool decode(const Huffman& h, int* sym) {
        int code = 0, first = 0, index = 0;
        for (int len = 1; len <= kMaxBits; ++len) {
            int b = 0;
            if (!bits(1, &b)) return false;
            code |= b;
            const int count = h.count[len];
            if (code - count < first) {
                *sym = h.symbol[index + (code - first)];
                return true;
            }
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        return fail("invalid Huffman code");
    }

    bool codes(const Huffman& lencode, const Huffman& distcode) {
        static const short kLenBase[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                           15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                           67, 83, 99, 115, 131, 163, 195, 227, 258};
        static const short kLenExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                            2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        static const int kDistBase[30] = {
            1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
            193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
        static const short kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                             6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
        for (;;) {
            int sym = 0;
            if (!decode(lencode, &sym)) return false;
            if (sym < 256) {
                if (!emit(char(sym))) return false;
                continue;
            }
            if (sym == 256) return true;
            sym -= 257;
            if (sym >= 29) return fail("invalid length symbol");
            int extra = 0, dsym = 0, dextra = 0;
            if (!bits(kLenExtra[sym], &extra)) return false;
            const int len = kLenBase[sym] + extra;
            if (!decode(distcode, &dsym)) return false;
            if (dsym >= 30) return fail("invalid distance symbol");
            if (!bits(kDistExtra[dsym], &dextra)) return false;
            const size_t dist = size_t(kDistBase[dsym] + dextra);
            if (dist > out.size()) return fail("distance too far back");
            for (int i = 0; i < len; ++i)
                if (!emit(out[out.size() - dist])) return false;
        }
    }

    bool fixed() {
        Huffman lencode, distcode;
        short lengths[288];
        int s = 0;
        for (; s < 144; ++s)
            lengths[s] = 8;
        for (; s < 256; ++s)
            lengths[s] = 9;
        for (; s < 280; ++s)
            lengths[s] = 7;
        for (; s < 288; ++s)
            lengths[s] = 8;
        construct(lencode, lengths, 288);
        for (s = 0; s < 30; ++s)
            lengths[s] = 5;
        construct(distcode, lengths, 30);
        return codes(lencode, distcode);
    }

    bool dynamic() {
        static const short kOrder[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                         11, 4,  12, 3, 13, 2, 14, 1, 15};
        int nlen = 0, ndist = 0, ncode = 0;
        if (!bits(5, &nlen) || !bits(5, &ndist) || !bits(4, &ncode)) return false;
        nlen += 257;
        ndist += 1;
        ncode += 4;
        if (nlen > 286 || ndist > 30) return fail("too many length or distance codes");
        short lengths[286 + 30] = {};
        for (int i = 0; i < ncode; ++i) {
            int v = 0;
            if (!bits(3, &v)) return false;
            lengths[kOrder[i]] = short(v);
        }
        Huffman lencode, distcode;
        if (construct(lencode, lengths, 19) != 0) return fail("incomplete code length code");
        for (int index = 0; index < nlen + ndist;) {
            int sym = 0;
            if (!decode(lencode, &sym)) return false;
            if (sym < 16) {
                lengths[index++] = short(sym);
                continue;
            }
            short len = 0;
            int rep = 0;
            if (sym == 16) {
                if (index == 0) return fail("repeat with no first length");
                len = lengths[index - 1];
                if (!bits(2, &rep)) return false;
                rep += 3;
            } else if (sym == 17) {
                if (!bits(3, &rep)) return false;
                rep += 3;
            } else {
                if (!bits(7, &rep)) return false;
                rep += 11;
            }
            if (index + rep > nlen + ndist) return fail("too many code lengths");
            while (rep--)
                lengths[index++] = len;
        }
        if (lengths[256] == 0) return fail("no end-of-block code");
        int err = construct(lencode, lengths, nlen);
        if (err < 0 || (err > 0 && nlen - lencode.count[0] != 1))
            return fail("invalid literal/length code lengths");
        err = construct(distcode, lengths + nlen, ndist);
        if (err < 0 || (err > 0 && ndist - distcode.count[0] != 1))
            return fail("invalid distance code lengths");
        return codes(lencode, distcode);
    }

    const std::string& in_;
    size_t max_out_, pos_ = 0;
    uint64_t bitbuf_ = 0;
    int bitcnt_ = 0;
};

} // namespace

Status inflate_raw(const std::string& in, size_t max_out, std::string* out) {
    Inflater f(in, max_out);
    if (!f.run()) return Status::Error(f.error);
    *out = std::move(f.out);
    return Status::Ok();
}

} // namespace ae
