// image_atlas_gl.cpp: the WebGL2 side of ImageAtlas (web/app/image_atlas.h): creating its GL
// objects and drawing or uploading into its texture. Compiled only where platform.h says there is
// WebGL2 (AEPLAY_WEBGL); native builds use the null part in web/app/image_atlas.cpp. Not here: what
// is shown, the CPU numbers.
#include "web/app/image_atlas.h"

#include "web/app/damage.h"
#include "web/backend/platform.h"

#if AEPLAY_WEBGL

#include <GLES3/gl3.h>

void ImageAtlas::upload() {
    if (atlas_w_ <= 0 || atlas_h_ <= 0) return;
    GLint prev_tex = 0, prev_active = 0, prev_align = 4;
    glGetIntegerv(GL_ACTIVE_TEXTURE, &prev_active);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &prev_align);
    if (!texture_) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (atlas_w_ != uploaded_w_ || atlas_h_ != uploaded_h_) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, atlas_w_, atlas_h_, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     pixels_.data());
        uploaded_w_ = atlas_w_;
        uploaded_h_ = atlas_h_;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, atlas_w_, atlas_h_, GL_RGBA, GL_UNSIGNED_BYTE,
                        pixels_.data());
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, prev_align);
    glBindTexture(GL_TEXTURE_2D, GLuint(prev_tex));
    glActiveTexture(GLenum(prev_active));
    damage::texture_changed(texture_);
}

#endif
