// csv.h: numeric CSV in and out, for the CLI's serving commands; and the row splitter that the
// "csv" dataset (data.cpp, which also takes a label column of words) reads files with.
// Reads comma-separated numbers, one sample per line: a first line that is not all numbers is a
// header; quoted fields ("1.5") are accepted; blank lines are skipped; CRLF is fine. Every problem
// is an error naming the file, line and column and what is accepted: a missing value, a word where
// a number belongs, a row of another width. Nothing is partially returned on error.
#pragma once

#include "engine/core/common.h"
#include <functional>
#include <string>
#include <vector>

namespace ae {

struct CsvTable {
    std::vector<std::string> header; // empty when the file has none
    MatrixRM values;                 // (rows, columns)
};

constexpr long kMaxCsvBytes = 256L * 1024 * 1024;

Status parse_csv(const std::string& text, const std::string& name, CsvTable* out);
// Splits text into rows of fields and calls row(line number, fields) for each non-blank line, in
// order; stops at the first error (its own or row's). Same rules as parse_csv: quotes, CRLF, BOM,
// size limit, no NUL bytes. Does not check widths or numbers.
using CsvRowFn = std::function<Status(long line, const std::vector<std::string>& fields)>;
Status for_each_csv_row(const std::string& text, const std::string& name, const CsvRowFn& row);
// One field as a number (surrounding blanks allowed); false for words and empty fields.
bool csv_number(const std::string& field, double* v);
std::string csv_trim(const std::string& s);
// The label column an uploaded CSV most likely has (the page's guess when every column read as a
// number fails): its last column, when a line after the first (which may be a header) holds a
// word there ("shale", "setosa"), and there are at least two columns; else -1. A file the row
// splitter refuses has no guess (-1): reading it gives the message.
int guess_label_column(const std::string& text, const std::string& name);

std::string to_csv(const float* x, int rows, int cols, const std::vector<std::string>& header = {});

} // namespace ae
