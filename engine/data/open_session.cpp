// open_session.cpp: make_dataset, then Session::create or Session::resume (open_session.h).
#include "engine/data/open_session.h"

namespace ae {

Status open_session(const std::string& config_json, std::unique_ptr<Session>* out,
                    const DataFiles& files) {
    Config c;
    Status s = parse_config(config_json, &c);
    if (!s.ok()) return s;
    return open_session(c, out, files);
}

Status open_session(const Config& c, std::unique_ptr<Session>* out, const DataFiles& files) {
    Dataset data;
    Status s = make_dataset(c.data, c.seed, &data, files);
    if (!s.ok()) return s;
    return Session::create(c, std::move(data), out);
}

Status resume_session(const std::string& bytes, const std::string& name,
                      std::unique_ptr<Session>* out, const DataFiles& files) {
    Config c;
    Status s = Session::checkpoint_config(bytes, name, &c);
    if (!s.ok()) return s;
    Dataset data;
    s = make_dataset(c.data, c.seed, &data, files);
    if (!s.ok()) return Status::Error(name + ": its config is invalid: " + s.error);
    return Session::resume(bytes, name, std::move(data), out);
}

} // namespace ae
