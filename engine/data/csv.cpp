// csv.cpp: see csv.h.
#include "engine/data/csv.h"

#include <cmath>
#include <cstdlib>

namespace ae {

namespace {

// Splits one line into fields; handles "quoted, fields" and "" escapes. Returns false on an
// unterminated quote.
bool split_line(const std::string& line, std::vector<std::string>* fields) {
    fields->clear();
    std::string cur;
    bool quoted = false, was_quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                cur += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cur += c;
        } else if (c == '"' && cur.find_first_not_of(" \t") == std::string::npos) {
            quoted = was_quoted = true;
            cur.clear();
        } else if (c == ',') {
            fields->push_back(cur);
            cur.clear();
            was_quoted = false;
        } else {
            cur += c;
        }
    }
    fields->push_back(cur);
    (void)was_quoted;
    return !quoted;
}

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

bool parse_number(const std::string& field, double* v) {
    const std::string t = trim(field);
    if (t.empty()) return false;
    char* end = nullptr;
    *v = std::strtod(t.c_str(), &end);
    return end == t.c_str() + t.size();
}

} // namespace

bool csv_number(const std::string& field, double* v) {
    return parse_number(field, v);
}
std::string csv_trim(const std::string& s) {
    return trim(s);
}

int guess_label_column(const std::string& text, const std::string& name) {
    int last = -1;
    bool word = false;
    const Status st = for_each_csv_row(text, name, [&](long, const std::vector<std::string>& f) {
        double v = 0.0;
        if (last < 0) { // the first line: a header's words say nothing
            last = int(f.size()) - 1;
            return Status::Ok();
        }
        const std::string field = f.empty() ? std::string() : trim(f.back());
        if (!field.empty() && !parse_number(field, &v)) {
            word = true;
            return Status::Error("found"); // stops the scan
        }
        return Status::Ok();
    });
    (void)st; // stopped on the first word, or the splitter's own error (then no word was seen)
    return word && last >= 1 ? last : -1;
}

Status for_each_csv_row(const std::string& text, const std::string& name, const CsvRowFn& row) {
    if (long(text.size()) > kMaxCsvBytes)
        return Status::Error(name + ": " + std::to_string(text.size()) +
                             " bytes; CSV files are limited to " + std::to_string(kMaxCsvBytes) +
                             " bytes");
    if (text.find('\0') != std::string::npos)
        return Status::Error(name + ": contains NUL bytes; expected a text file of comma-separated "
                                    "values");
    std::vector<std::string> fields;
    size_t pos = 0;
    for (long line_no = 1; pos < text.size(); ++line_no) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3); // BOM
        if (trim(line).empty()) continue;
        if (!split_line(line, &fields))
            return Status::Error(name + ": line " + std::to_string(line_no) +
                                 ": a quote is not closed");
        Status s = row(line_no, fields);
        if (!s.ok()) return s;
    }
    return Status::Ok();
}

Status parse_csv(const std::string& text, const std::string& name, CsvTable* out) {
    if (long(text.size()) > kMaxCsvBytes)
        return Status::Error(name + ": " + std::to_string(text.size()) +
                             " bytes; CSV files are limited to " + std::to_string(kMaxCsvBytes) +
                             " bytes");
    if (text.find('\0') != std::string::npos)
        return Status::Error(
            name + ": contains NUL bytes; expected a text file of comma-separated numbers");
    CsvTable t;
    std::vector<double> values;
    std::vector<std::string> fields;
    long cols = -1, rows = 0;
    size_t pos = 0;
    for (long line_no = 1; pos <= text.size(); ++line_no) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3); // BOM
        if (trim(line).empty()) {
            if (eol == text.size()) break;
            continue;
        }
        const std::string where = name + ": line " + std::to_string(line_no);
        if (!split_line(line, &fields)) return Status::Error(where + ": a quote is not closed");
        std::vector<double> row(fields.size());
        bool all_numbers = true;
        size_t bad = 0;
        for (size_t j = 0; j < fields.size(); ++j)
            if (!parse_number(fields[j], &row[j])) {
                if (all_numbers) bad = j;
                all_numbers = false;
            }
        if (!all_numbers && rows == 0 && t.header.empty() && cols < 0) { // a header line
            for (const auto& f : fields)
                t.header.push_back(trim(f));
            cols = long(fields.size());
            continue;
        }
        if (cols >= 0 && long(fields.size()) != cols)
            return Status::Error(
                where + ": " + std::to_string(fields.size()) + " columns, but the " +
                (rows ? "rows above have " : "header has ") + std::to_string(cols));
        cols = long(fields.size());
        if (!all_numbers) {
            const std::string f = trim(fields[bad]);
            return Status::Error(
                where + ", column " + std::to_string(bad + 1) +
                (f.empty()
                     ? ": missing value; expected a number (fill or drop missing values first)"
                     : ": \"" + f.substr(0, 40) + "\" is not a number" +
                           (f.find(';') != std::string::npos
                                ? " (columns are separated by commas; this line uses ';')"
                            : f.find('\t') != std::string::npos
                                ? " (columns are separated by commas; this line uses tabs)"
                                : "")));
        }
        for (size_t j = 0; j < row.size(); ++j)
            if (!std::isfinite(row[j]) || std::fabs(row[j]) > 3.4028234663852886e38)
                return Status::Error(where + ", column " + std::to_string(j + 1) + ": " +
                                     trim(fields[j]) + " is not a finite 32-bit number");
        values.insert(values.end(), row.begin(), row.end());
        ++rows;
        if (eol == text.size()) break;
    }
    if (rows == 0)
        return Status::Error(name + ": no rows of numbers" +
                             (t.header.empty() ? "" : " after the header"));
    t.values.resize(rows, cols);
    for (long i = 0; i < rows * cols; ++i)
        t.values.data()[i] = float(values[i]);
    *out = std::move(t);
    return Status::Ok();
}

std::string to_csv(const float* x, int rows, int cols, const std::vector<std::string>& header) {
    std::string s;
    char b[32];
    for (size_t j = 0; j < header.size(); ++j)
        s += (j ? "," : "") + header[j];
    if (!header.empty()) s += "\n";
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
            std::snprintf(b, sizeof b, "%.9g", double(x[long(i) * cols + j])); // round-trips float
            if (j) s += ',';
            s += b;
        }
        s += '\n';
    }
    return s;
}

} // namespace ae
