// latent.h: the maths of looking into a trained model's latent space, as plain functions.
//   - Prior samples and the manifold grid (a variational model's generative side): decodes of
//     z ~ N(0, I) from Rng(seed, kStreamSampling), and of an n x n grid of two latent dims at the
//     standard normal's quantiles linspace(0.05, 0.95, n) (Kingma & Welling's figure).
//   - Traversal: codes that vary one or two latent dims of a base code over ranges, at the
//     centres of n equal cells (an odd n's middle cell is the range's midpoint), and their decodes.
//   - Interpolation between two codes: linear, or spherical (slerp: keeps the norm of equal-norm
//     codes); the first and last codes are the two ends exactly.
//   - A plane of the latent space (the page's 2-D view): an origin and two orthonormal axes, from
//     two chosen dims (the other dims at the codes' mean) or from a PCA of the codes; a code's
//     coordinates in it (its projection) and the code of a point of it.
// Conventions: outputs first, then the model or inputs, sizes last; every array is row-major, one
// code (latent) or one output (input_dim) per row; out arrays are the caller's, of the sizes given
// beside each function. The decoding calls allocate one code buffer (rows x latent) and run
// Model::decode (chunks of the model's capacity; capacity 256 when nothing was reserved).
// Not here: encoding the data (Model::encode), the PCA itself (analysis.h), drawing (the page).
#pragma once

#include "engine/analysis/analysis.h"
#include "engine/core/common.h"
#include "engine/core/model.h"
#include <cstdint>
#include <vector>

namespace ae {

// --- prior samples and the manifold grid ----------------------------------------------------

// Decodes `count` draws z ~ N(0, I) (count x latent normals of Rng(seed, kStreamSampling), row by
// row): out (count, input_dim).
void sample_prior(float* out, Model& m, int count, uint64_t seed);
// The standard normal's quantiles at linspace(0.05, 0.95, n); 0 for n = 1. (n)
std::vector<double> manifold_values(int n);
// The manifold grid's codes, row-major from the top left: code (i, j) has z[dim_a] =
// manifold_values(n)[j] (column j), z[dim_b] = manifold_values(n)[n - 1 - i] (top = largest), the
// other dims 0 (the prior's mean). z_out (n * n, latent).
void manifold_codes(float* z_out, int n, int dim_a, int dim_b, int latent);
// Their decodes: out (n * n, input_dim). dim_a, dim_b in [0, latent).
void manifold_grid(float* out, Model& m, int n, int dim_a, int dim_b);

// --- traversal --------------------------------------------------------------------------------

// One varied dim: dim in [0, latent) (or -1: none), and its range.
struct TraversalAxis {
    int dim = -1;
    float lo = 0.0f, hi = 0.0f;
};
// The value at cell `cell` of n: lo + (cell + 0.5) / n (hi - lo), in float as the page computes it.
float traversal_value(const TraversalAxis& axis, int cell, int n);
// Codes of an n x n grid, row-major from the top left: base (latent) with a.dim set to
// traversal_value(a, j, n) in column j and b.dim to traversal_value(b, n - 1 - i, n) in row i (top
// = largest). b.dim = -1: one row of n codes. z_out (n * n, latent), or (n, latent).
void traversal_codes(float* z_out, const float* base, const TraversalAxis& a,
                     const TraversalAxis& b, int n, int latent);
// Their decodes: out (n * n, input_dim), or (n, input_dim) when b.dim = -1.
void traversal_grid(float* out, Model& m, const float* base, const TraversalAxis& a,
                    const TraversalAxis& b, int n);

// --- interpolation ----------------------------------------------------------------------------

enum class Interpolation { linear, spherical };
// steps >= 2 codes from a (row 0) to b (row steps - 1) at t = i / (steps - 1): linear a (1 - t) +
// b t (in float, as the page); spherical sin((1 - t) w) / sin w a + sin(t w) / sin w b in double,
// w the angle between a and b (linear when w or pi - w is below 1e-6 rad: the arc is undefined
// or a line). z_out (steps, latent).
void interpolate_codes(float* z_out, const float* a, const float* b, Interpolation kind, int steps,
                       int latent);
// Their decodes: out (steps, input_dim).
void interpolation(float* out, Model& m, const float* a, const float* b, Interpolation kind,
                   int steps);

// --- a plane of the latent space --------------------------------------------------------------

// code = origin + x axes.col(0) + y axes.col(1); the coordinates of a code are its projection
// (code - origin) . axes. The axes are orthonormal or zero (a plane of one latent dim has no y).
struct LatentPlane {
    Eigen::VectorXd origin; // (latent)
    Eigen::MatrixXd axes;   // (latent, 2)
    int latent() const { return int(origin.size()); }
};
// The plane of dims dim_x (x) and dim_y (y): origin = the codes' mean (codes (n, latent)) with
// those two dims 0, so that a point's code has exactly x and y there. dim_y = dim_x (or latent 1):
// a line, y = 0. dims in [0, latent).
LatentPlane latent_plane_dims(const MatrixRM& codes, int dim_x, int dim_y);
// The plane of the codes' first two principal axes through their mean (pca fitted on the codes,
// pca.dims() >= 2): coordinates are Pca::transform(codes, 2).
LatentPlane latent_plane_pca(const Pca& pca);
// Coordinates of n codes (n, latent) -> xy_out (n, 2).
void codes_to_plane(float* xy_out, const LatentPlane& plane, const float* codes, int n);
// Codes of n points (n, 2) -> z_out (n, latent). In a plane of two dims codes_to_plane gives the
// points back exactly.
void plane_to_codes(float* z_out, const LatentPlane& plane, const float* xy, int n);
// The page's traversal: an n x n grid over the rectangle [lo, hi] of the plane, each cell's centre
// (row 0 at the top: high y), lifted to codes and decoded. xy_out (n * n, 2) the points (may be
// null), out (n * n, input_dim).
void plane_traversal(float* out, float* xy_out, Model& m, const LatentPlane& plane,
                     const float lo[2], const float hi[2], int n);

} // namespace ae
