// source.h: where a dataset's bytes come from.
//   - DataSource: a file on disk (the CLI, the tests) or bytes the caller already holds (the
//     page's upload, the JS API's addFile), with the name every message shows: "iris.csv: line 3:
//     ...", never a scratch path. read() checks the size before it reads a byte.
//   - DataFiles: what make_dataset reads a config through. Files held in memory under the names a
//     config gives them (data.path, data.images, data.labels, e.g. "/upload/iris.csv"), else the
//     disk at that path; and the folder of the prepared image assets (data_dir).
// Not here: parsing (csv.h, idx.h, data.h). Nothing here writes.
#pragma once

#include "engine/core/common.h"
#include <map>
#include <memory>
#include <string>

namespace ae {

struct DataSource {
    std::string name; // what messages call it
    std::string path; // read from the disk when bytes is null
    std::shared_ptr<const std::string> bytes;

    static DataSource file(const std::string& path);
    static DataSource memory(const std::string& name, std::string bytes);
    // The whole source into *out, refused unread above max_bytes; `field` is the config key that
    // named it ("data.path"), for the message when the file cannot be opened.
    Status read(const std::string& field, size_t max_bytes, std::string* out) const;
};

struct DataFiles {
    std::string data_dir; // the image assets (mnist.bin, fashion_mnist.bin); empty: "data"

    // Implicit on purpose: most callers have nothing in memory, only the assets' folder.
    DataFiles(std::string dir = "") : data_dir(std::move(dir)) {}
    DataFiles(const char* dir) : data_dir(dir) {}
    // Holds `bytes` under `key` (the path a config names), shown as `name` in messages.
    void add(const std::string& key, const std::string& name, std::string bytes);
    void add(const std::string& key, const DataSource& source) { held_[key] = source; }
    bool remove(const std::string& key) { return held_.erase(key) > 0; }
    bool holds(const std::string& key) const { return held_.count(key) > 0; }
    // The source held under `key`, else the file at that path.
    DataSource find(const std::string& key) const;

  private:
    std::map<std::string, DataSource> held_;
};

} // namespace ae
