// gl_util.cpp: see gl_util.h.
#include "web/backend/gl_util.h"

#include "web/backend/platform.h"

#if AEPLAY_WEBGL

#include <GLES3/gl3.h>

#include <cstdio>
#include <utility>

namespace {

// Prints the compile log of `shader` to stderr when it did not compile.
void print_shader_log(GLuint shader, const char* what) {
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok) return;
    char log[1024] = {0};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "aeplay: %s shader did not compile: %s\n", what, log);
}

} // namespace

// No glGet here: in Chromium each one waits for the GPU process (ANGLE blocks until the compile
// it asks about is done), and a status after each compile cost ~86 ms at startup. Both shaders
// compile, the program links, and gl_program_finish asks once, for GL_LINK_STATUS.
unsigned gl_program_start(const char* vs_source, const char* fs_source) {
    const GLuint program = glCreateProgram();
    for (const auto& [type, src] : {std::pair{GLenum(GL_VERTEX_SHADER), vs_source},
                                    std::pair{GLenum(GL_FRAGMENT_SHADER), fs_source}}) {
        const GLuint s = glCreateShader(type);
        glShaderSource(s, 1, &src, nullptr);
        glCompileShader(s);
        glAttachShader(program, s);
    }
    glLinkProgram(program);
    return program;
}

unsigned gl_program_finish(unsigned program, const char* what, const char** error) {
    GLuint shaders[2] = {0, 0};
    GLsizei count = 0;
    glGetAttachedShaders(program, 2, &count, shaders); // WebGL answers this without the GPU
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) { // the logs only now, to say why
        for (GLsizei i = 0; i < count; ++i)
            print_shader_log(shaders[i], what);
        char log[1024] = {0};
        glGetProgramInfoLog(program, sizeof log, nullptr, log);
        std::fprintf(stderr, "aeplay: %s program did not link: %s\n", what, log);
    }
    for (GLsizei i = 0; i < count; ++i)
        glDeleteShader(shaders[i]); // freed with the program
    if (!ok) {
        glDeleteProgram(program);
        *error = "a shader program did not compile or link (see the console)";
        return 0;
    }
    return program;
}

unsigned gl_program(const char* vs_source, const char* fs_source, const char* what,
                    const char** error) {
    return gl_program_finish(gl_program_start(vs_source, fs_source), what, error);
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

void gl_render_to(unsigned texture, unsigned fbo, int w, int h, int* cur_w, int* cur_h) {
    glBindTexture(GL_TEXTURE_2D, texture);
    if (w != *cur_w || h != *cur_h) {
        gl_color_target(texture, fbo, w, h);
        *cur_w = w;
        *cur_h = h;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(0, 0, w, h);
}

#endif
