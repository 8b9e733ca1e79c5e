"""Principal component analysis from the SVD of the centred data.

Points are rows: ``points`` has shape (n, d). PCA centres them, takes the
SVD ``X - mean = U S V^T``, and reads the principal axes off the rows of
``V^T``; the variance along axis k is ``S_k^2 / (n - 1)`` (the sample
variance, as ``np.cov`` and scikit-learn's ``explained_variance_``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _points(points, least: int = 2) -> np.ndarray:
    X = np.asarray(points, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < least or X.shape[1] < 1:
        raise ValueError(f"points must be an (n, d) array with at least {least} rows, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("points have entries that are not finite numbers")
    return X


@dataclass(frozen=True)
class PCA:
    """The result of :func:`pca`.

    ``mean`` (d,); ``components`` (d, d), unit rows, largest variance first, each
    signed so its largest-magnitude coordinate is positive; ``explained_variance``
    (d,), the sample variance (ddof 1) along each; ``explained_ratio`` (d,), those
    as shares of the total (all zero if the points coincide).
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_ratio: np.ndarray

    def project(self, points, k: int) -> np.ndarray:
        """Coordinates of ``points`` (m, d) along the first ``k`` axes, from the mean: shape (m, k)."""
        X = _points(points, least=1)
        if X.shape[1] != len(self.mean):
            raise ValueError(f"points have {X.shape[1]} coordinates, the fit has {len(self.mean)}")
        if not 0 <= k <= len(self.mean) or int(k) != k:
            raise ValueError(f"k = {k}: keep a whole number of axes from 0 to {len(self.mean)}")
        return (X - self.mean) @ self.components[: int(k)].T

    def reconstruct(self, points, k: int) -> np.ndarray:
        """The points as seen with only the first ``k`` axes: mean plus their projection, shape (m, d)."""
        return self.mean + self.project(points, k) @ self.components[: int(k)]


def pca(points) -> PCA:
    """Principal component analysis of ``points`` (n, d), n >= 2.

    >>> X = np.array([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]])
    >>> r = pca(X)
    >>> r.mean.tolist(), r.components.round(4).tolist()
    ([2.0, 2.0], [[0.7071, 0.7071], [0.7071, -0.7071]])
    >>> r.explained_variance.round(12).tolist(), r.explained_ratio.round(12).tolist()
    ([8.0, 0.0], [1.0, 0.0])
    >>> r.reconstruct([[0.0, 2.0]], 1).round(12).tolist()
    [[1.0, 1.0]]
    """
    X = _points(points)
    n, d = X.shape
    mean = X.mean(axis=0)
    centred = X - mean
    _, s, Vt = np.linalg.svd(centred, full_matrices=True)
    variance = np.zeros(d)
    variance[: len(s)] = s ** 2 / (n - 1)
    components = Vt.copy()
    for row in components:
        # a sign rule so the same data always gives the same arrows; ties go to the first coordinate
        big = int(np.argmax(np.round(np.abs(row), 12)))
        if row[big] < 0:
            row *= -1
    total = float(variance.sum())
    ratio = variance / total if total > 0 else np.zeros(d)
    return PCA(mean=mean, components=components, explained_variance=variance, explained_ratio=ratio)


def covariance_from(spreads, correlation: float) -> np.ndarray:
    """The 2x2 covariance with standard deviations ``spreads`` and correlation ``correlation``.

    >>> covariance_from((2.0, 1.0), 0.5).tolist()
    [[4.0, 1.0], [1.0, 1.0]]
    """
    s = np.asarray(spreads, dtype=np.float64)
    if s.shape != (2,) or not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"spreads must be two finite numbers at least 0, got {spreads!r}")
    if not -1 <= correlation <= 1:
        raise ValueError(f"correlation = {correlation:g} must lie in [-1, 1]")
    c = s[0] * s[1] * correlation
    return np.array([[s[0] ** 2, c], [c, s[1] ** 2]])


def sample_cloud(mean, covariance, n: int, seed: int) -> np.ndarray:
    """``n`` points (n, d) drawn from a normal with ``mean`` and ``covariance``, by numpy's seeded Generator.

    The covariance must be symmetric and positive semi-definite (``ValueError`` otherwise).

    >>> sample_cloud([0, 0], [[1, 0], [0, 1]], 3, seed=1).shape
    (3, 2)
    """
    mean = np.asarray(mean, dtype=np.float64)
    C = np.asarray(covariance, dtype=np.float64)
    if C.shape != (len(mean), len(mean)) or not np.all(np.isfinite(C)):
        raise ValueError(f"covariance must be a finite {len(mean)}x{len(mean)} matrix, got shape {C.shape}")
    if not np.allclose(C, C.T, rtol=1e-12, atol=1e-12):
        raise ValueError("covariance must be symmetric")
    lowest = float(np.linalg.eigvalsh(C).min())
    if lowest < -1e-12 * max(1.0, float(np.abs(C).max())):
        raise ValueError(f"covariance is not positive semi-definite (an eigenvalue is {lowest:.3g})")
    if int(n) != n or n < 1:
        raise ValueError(f"n = {n}: need a whole number of points, at least 1")
    rng = np.random.default_rng(seed)
    return rng.multivariate_normal(mean, C, size=int(n), method="eigh")


def covariance_ellipse(result: PCA, stds: float = 2.0, n: int = 120) -> np.ndarray:
    """``n`` points (n, 2) on the ellipse ``stds`` standard deviations out along each principal axis.

    It is the set ``mean + stds * (sqrt(var_1) cos t a_1 + sqrt(var_2) sin t a_2)``, the level
    set of the sample covariance's quadratic form at ``stds^2``. A zero variance flattens it to a segment.

    >>> r = pca(np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 0.5], [0.0, -0.5]]))
    >>> covariance_ellipse(r, 1.0, 4).round(6).tolist()
    [[0.816497, 0.0], [0.0, 0.408248], [-0.816497, 0.0], [-0.0, -0.408248]]
    """
    if len(result.mean) != 2:
        raise ValueError("the covariance ellipse is drawn for points in the plane (d = 2)")
    t = 2 * np.pi * np.arange(int(n)) / int(n)
    radii = stds * np.sqrt(result.explained_variance)
    return result.mean + (radii[0] * np.cos(t))[:, None] * result.components[0] \
        + (radii[1] * np.sin(t))[:, None] * result.components[1]


def sample_covariance(points) -> np.ndarray:
    """The sample covariance (d, d) of ``points`` (n, d), ddof 1, as ``np.cov(points, rowvar=False)``.

    >>> sample_covariance([[0.0, 0.0], [2.0, 1.0], [4.0, 2.0]]).tolist()
    [[4.0, 2.0], [2.0, 1.0]]
    """
    X = _points(points)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / (len(X) - 1)


def sample_correlation(points) -> float:
    """The sample correlation of the two coordinates of ``points`` (n, 2); 0 when one does not vary.

    >>> sample_correlation([[0.0, 0.0], [1.0, 2.0], [2.0, 4.0]]), sample_correlation([[0.0, 1.0], [1.0, 1.0]])
    (1.0, 0.0)
    """
    S = sample_covariance(points)
    if S.shape != (2, 2):
        raise ValueError("the correlation of two coordinates needs points in the plane (d = 2)")
    scale = float(np.sqrt(S[0, 0] * S[1, 1]))
    return float(np.clip(S[0, 1] / scale, -1.0, 1.0)) if scale > 0 else 0.0
