// export_npz.cpp: see export_npz.h.
#include "engine/io/export_npz.h"
#include "engine/io/export_layers.h"

#include <cstring>

namespace ae {

uint32_t crc32(const char* p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
        c ^= uint8_t(p[i]);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

namespace {

void put_u16(std::string& s, uint32_t v) {
    s += char(v & 0xFF);
    s += char((v >> 8) & 0xFF);
}
void put_u32(std::string& s, uint32_t v) {
    put_u16(s, v & 0xFFFF);
    put_u16(s, v >> 16);
}

// One .npy v1.0 file: magic, version, u16 header length, the header dict padded with spaces to
// a multiple of 64 bytes in all and ending in '\n', then the data.
std::string npy(const char* descr, const std::vector<long>& shape, const char* data, size_t bytes) {
    std::string dims;
    for (long s : shape)
        dims += std::to_string(s) + ", ";
    if (shape.size() > 1)
        dims.resize(dims.size() - 2); // (3, 4); a 1-D shape keeps "(3,)"
    else if (!shape.empty())
        dims.resize(dims.size() - 1);
    std::string header = std::string("{'descr': '") + descr +
                         "', 'fortran_order': False, 'shape': (" + dims + "), }";
    const size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    put_u16(out, uint32_t(header.size()));
    out += header;
    out.append(data, bytes);
    return out;
}

std::string npy_f32(const std::vector<long>& shape, const float* p) {
    // The data as little-endian bytes whatever the host's order.
    std::string bytes;
    const long n = shape_size(shape);
    bytes.reserve(size_t(n) * 4);
    for (long i = 0; i < n; ++i) {
        uint32_t u;
        std::memcpy(&u, p + i, 4);
        put_u32(bytes, u);
    }
    return npy("<f4", shape, bytes.data(), bytes.size());
}

// A zip archive with stored (uncompressed) members, dated 1980-01-01 so that the same model
// gives the same bytes.
class ZipWriter {
  public:
    void add(const std::string& name, const std::string& data) {
        const uint32_t crc = crc32(data.data(), data.size());
        const uint32_t offset = uint32_t(out_.size());
        put_u32(out_, 0x04034b50); // local file header
        put_fields(out_, name, data, crc);
        out_ += name;
        out_ += data;
        put_u32(central_, 0x02014b50); // central directory entry
        put_u16(central_, 20);         // made by: zip 2.0
        put_fields(central_, name, data, crc);
        put_u16(central_, 0); // comment length
        put_u16(central_, 0); // disk number
        put_u16(central_, 0); // internal attributes
        put_u32(central_, 0); // external attributes
        put_u32(central_, offset);
        central_ += name;
        ++entries_;
    }
    std::string finish() {
        std::string out = out_;
        const uint32_t cd_offset = uint32_t(out.size());
        out += central_;
        put_u32(out, 0x06054b50); // end of central directory
        put_u16(out, 0);
        put_u16(out, 0);
        put_u16(out, entries_);
        put_u16(out, entries_);
        put_u32(out, uint32_t(central_.size()));
        put_u32(out, cd_offset);
        put_u16(out, 0); // comment length
        return out;
    }

  private:
    // The fields the local header and the central entry share, from "version needed" on.
    static void put_fields(std::string& s, const std::string& name, const std::string& data,
                           uint32_t crc) {
        put_u16(s, 20);     // version needed: 2.0
        put_u16(s, 0);      // flags
        put_u16(s, 0);      // method: stored
        put_u16(s, 0);      // time 00:00
        put_u16(s, 0x0021); // date 1980-01-01
        put_u32(s, crc);
        put_u32(s, uint32_t(data.size())); // compressed size
        put_u32(s, uint32_t(data.size())); // uncompressed size
        put_u16(s, uint32_t(name.size()));
        put_u16(s, 0); // extra field length
    }
    std::string out_, central_;
    uint32_t entries_ = 0;
};

} // namespace

std::string export_npz(const TrainedModel& t) {
    ZipWriter zip;
    for (const ExportLayer& l : export_layers(t.model))
        for (const ExportParam& p : l.params)
            zip.add(l.name + "/" + p.name + ".npy",
                    npy_f32(p.shape, t.model.params.data() + p.offset));
    if (t.scaler.kind != Scaling::none) {
        const long d = long(t.scaler.offset.size());
        zip.add("scaler/offset.npy", npy_f32({d}, t.scaler.offset.data()));
        zip.add("scaler/scale.npy", npy_f32({d}, t.scaler.scale.data()));
    }
    const std::string config = config_to_json(t.config);
    zip.add("config.npy", npy("|u1", {long(config.size())}, config.data(), config.size()));
    return zip.finish();
}

} // namespace ae
