// pca.h: the Analysis panel's "PCA vs autoencoder" tab: PCA's reconstruction MSE beside the
// autoencoder's at the same k, the scree, PCA's MSE over k, and for a linear decoder the principal
// angles between its subspace and PCA's over the epochs.
// Owns: the comparison (refreshed with the shared evaluation) and the angles, recorded once per
// finished epoch whatever tab is open (the App calls record_angles when wants_angles), reset with
// the session. Not here: the PCA fit (the App's, on the training split), the math (engine).
#pragma once

#include "web/app/frame.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

class PcaTab {
  public:
    void draw(const View& v, const ae::Pca& pca, Frame& frame); // pca: fitted on x_train
    // Its part of the status: "analysis" PCA-over-k numbers (once they follow the evaluation)
    // and "principal_angles".
    void status(const View& v, nlohmann::json& j) const;
    void reset(); // a new session
    // A linear decoder finished an epoch since the last record (then the App fits its PCA and
    // calls record_angles).
    bool wants_angles(const ae::Session& session);
    void record_angles(const ae::Session& session, const ae::Pca& pca);

  private:
    ae::PcaComparison cmp_;
    long cmp_samples_seen_ = -1;
    std::vector<double> angle_epochs_;
    std::vector<std::vector<double>> angle_series_; // [angle index][record], degrees
    std::string angles_why_;
    size_t angles_recorded_epochs_ = 0;
};
