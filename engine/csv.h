// csv.h: numeric CSV in and out, for the CLI's serving commands (and later the page's uploads).
// Reads comma-separated numbers, one sample per line: a first line that is not all numbers is a
// header; quoted fields ("1.5") are accepted; blank lines are skipped; CRLF is fine. Every problem
// is an error naming the file, line and column and what is accepted: a missing value, a word where
// a number belongs, a row of another width. Nothing is partially returned on error.
#pragma once

#include "common.h"
#include <string>
#include <vector>

namespace ae {

struct CsvTable {
    std::vector<std::string> header; // empty when the file has none
    MatrixRM values;                 // (rows, columns)
};

constexpr long kMaxCsvBytes = 256L * 1024 * 1024;

Status parse_csv(const std::string& text, const std::string& name, CsvTable* out);
std::string to_csv(const float* x, int rows, int cols, const std::vector<std::string>& header = {});

} // namespace ae
