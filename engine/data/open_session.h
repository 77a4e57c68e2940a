// open_session.h: a session from a config in one call: the data layer builds the config's data
// (make_dataset), the train layer takes them (Session::create). What the CLI, the JS API, the page
// and the tests call; a caller that already holds a Dataset calls Session::create itself.
// files: the bytes held for the paths a config names, and the image assets' folder (source.h;
// a plain string converts to a DataFiles with that folder).
#pragma once

#include "engine/data/data.h"
#include "engine/train/session.h"
#include <memory>
#include <string>

namespace ae {

Status open_session(const std::string& config_json, std::unique_ptr<Session>* out,
                    const DataFiles& files = {});
Status open_session(const Config& c, std::unique_ptr<Session>* out,
                    const DataFiles& files = {});

// Session::resume with the checkpoint's own data rebuilt from its config and seed.
Status resume_session(const std::string& checkpoint_bytes, const std::string& name,
                      std::unique_ptr<Session>* out, const DataFiles& files = {});

} // namespace ae
