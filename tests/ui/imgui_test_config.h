// imgui_test_config.h: ImGui's compile-time options for the headless build (tests/ui), passed as
// IMGUI_USER_CONFIG by CMake to ImGui and to everything that includes imgui.h there.
// IM_ASSERT stays on in Release too: ImGui checks its own invariants (Begin/End pairs, ID stack,
// font atlas built) and a failure names the expression, file and line, then aborts the test.
#pragma once

#include <cstdio>
#include <cstdlib>

[[noreturn]] inline void aeplay_imgui_assert_failed(const char* expr, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: IM_ASSERT(%s) failed\n", file, line, expr);
    std::abort();
}

#define IM_ASSERT(_EXPR)                                                                           \
    ((_EXPR) ? (void)0 : aeplay_imgui_assert_failed(#_EXPR, __FILE__, __LINE__))
