// test_util.h: helpers shared by the native tests.
#pragma once

#include "engine/train/config.h"
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

inline std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    EXPECT_TRUE(bool(f)) << "cannot open " << path;
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// A temp file name unique to the running test (ctest runs tests in parallel processes).
inline std::string temp_path(const std::string& name) {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    return testing::TempDir() + "aeplay_" + info->test_suite_name() + "_" + info->name() + "_" +
           name;
}

inline std::string source_path(const std::string& rel) {
    return std::string(AEPLAY_SOURCE_DIR) + "/" + rel;
}

inline ae::Config load_example(const std::string& rel) {
    ae::Config c;
    ae::Status s = ae::parse_config(read_text(source_path(rel)), &c);
    EXPECT_TRUE(s.ok()) << rel << ": " << s.error;
    return c;
}

// |a - b| <= tol * max(1, |a|, |b|)
inline bool close_rel(double a, double b, double tol) {
    const double scale = std::max({1.0, std::fabs(a), std::fabs(b)});
    return std::fabs(a - b) <= tol * scale;
}
