// json_strict.h: JSON text to a DOM for the loaders (config, lesson), stricter than nlohmann's
// default: a duplicate key is an error (the default keeps the last one silently), and the first
// error's message comes without nlohmann's "[json.exception.parse_error.101] " tag.
// Not here: size limits and the schema (each loader checks its own).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace ae {

namespace detail {

// SAX handler: builds the DOM, keeps the first error's message, rejects duplicate keys.
class StrictDomBuilder {
  public:
    using json = nlohmann::json;
    explicit StrictDomBuilder(json& root) : dom_(root, false) {}
    std::string error;

    bool null() { return dom_.null(); }
    bool boolean(bool v) { return dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const std::string& s) {
        return dom_.number_float(v, s);
    }
    bool string(std::string& v) { return dom_.string(v); }
    bool binary(json::binary_t& v) { return dom_.binary(v); }
    bool start_object(std::size_t n) {
        keys_.emplace_back();
        return dom_.start_object(n);
    }
    bool key(std::string& k) {
        if (!keys_.back().insert(k).second) {
            error = "duplicate key \"" + k + "\"";
            return false;
        }
        return dom_.key(k);
    }
    bool end_object() {
        keys_.pop_back();
        return dom_.end_object();
    }
    bool start_array(std::size_t n) { return dom_.start_array(n); }
    bool end_array() { return dom_.end_array(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
        const std::string m = ex.what(), tag = "] ";
        const auto p = m.find(tag);
        error = p == std::string::npos ? m : m.substr(p + tag.size());
        return false;
    }

  private:
    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::vector<std::set<std::string>> keys_;
};

} // namespace detail

// Parses `text` into *root; on failure returns false and says why in *error ("duplicate key
// \"seed\"", "syntax error while parsing value - ... at line 3, column 5").
inline bool parse_json_strict(const std::string& text, nlohmann::json* root, std::string* error) {
    detail::StrictDomBuilder builder(*root);
    const bool ok =
        nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json, true, false);
    if (ok && builder.error.empty()) return true;
    *error = builder.error.empty() ? std::string("invalid JSON") : builder.error;
    return false;
}

} // namespace ae
