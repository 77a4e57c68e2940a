// source.cpp: DataSource and DataFiles (source.h).
#include "engine/data/source.h"
#include "engine/core/types.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace ae {

DataSource DataSource::file(const std::string& path) {
    DataSource s;
    s.name = s.path = path;
    return s;
}

DataSource DataSource::memory(const std::string& name, std::string bytes) {
    DataSource s;
    s.name = name;
    s.bytes = std::make_shared<const std::string>(std::move(bytes));
    return s;
}

Status DataSource::read(const std::string& field, size_t max_bytes, std::string* out) const {
    auto too_big = [&](uint64_t size) {
        return Status::Error(name + ": " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(max_bytes) + " a file within the data limit of " +
                             std::to_string(kMaxDataValues) + " values takes");
    };
    if (bytes) {
        if (bytes->size() > max_bytes) return too_big(bytes->size());
        *out = *bytes;
        return Status::Ok();
    }
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f)
        return Status::Error(field + ": cannot open \"" + path + "\" (" + std::strerror(errno) +
                             ")");
    const std::streamoff size = f.tellg();
    if (size < 0 || uint64_t(size) > max_bytes) return too_big(uint64_t(size < 0 ? 0 : size));
    f.seekg(0);
    out->resize(size_t(size));
    if (size > 0) f.read(&(*out)[0], size);
    if (!f) return Status::Error(field + ": could not read \"" + path + "\"");
    return Status::Ok();
}

void DataFiles::add(const std::string& key, const std::string& name, std::string bytes) {
    held_[key] = DataSource::memory(name, std::move(bytes));
}

DataSource DataFiles::find(const std::string& key) const {
    auto it = held_.find(key);
    return it != held_.end() ? it->second : DataSource::file(key);
}

} // namespace ae
