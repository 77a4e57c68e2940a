// latent_codes.h: the Analysis panel's "Latent codes" tab: a histogram per latent dimension of
// the codes of the evaluation split (seed 000's plot), the first 12 dimensions.
// Owns: the codes per dimension, re-encoded when training moved (at most every 500 ms while
// training). Not here: the encoder (the session's model).
#pragma once

#include "web/app/frame.h"

#include <vector>

class LatentCodesTab {
  public:
    void draw(const View& v, Frame& frame);
    void reset() { samples_seen_ = -1, cols_.clear(); } // a new session
    int dims() const { return int(cols_.size()); }      // status_json "analysis.latent_dims"

  private:
    std::vector<std::vector<double>> cols_; // codes of the evaluation set, per dimension
    long samples_seen_ = -1;                // of cols_
    double computed_ms_ = -1e9;
};
