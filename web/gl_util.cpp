// gl_util.cpp: see gl_util.h.
#include "gl_util.h"

#include "platform.h"

#if AEPLAY_WEBGL

#include <GLES3/gl3.h>

#include <cstdio>

namespace {

GLuint compile(GLenum type, const char* src, const char* what) {
    GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {0};
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr, "aeplay: %s shader did not compile: %s\n", what, log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

} // namespace

unsigned gl_program(const char* vs_source, const char* fs_source, const char* what,
                    const char** error) {
    GLuint vs = compile(GL_VERTEX_SHADER, vs_source, what);
    GLuint fs = compile(GL_FRAGMENT_SHADER, fs_source, what);
    if (!vs || !fs) {
        if (vs) glDeleteShader(vs);
        if (fs) glDeleteShader(fs);
        *error = "a shader did not compile (see the console)";
        return 0;
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        glDeleteProgram(program);
        *error = "a shader program did not link";
        return 0;
    }
    return program;
}

void gl_color_target(unsigned texture, unsigned fbo, int w, int h) {
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
}

#endif
