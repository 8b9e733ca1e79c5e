"""mathviz.core.pca against numpy.linalg.svd and eigh of np.cov, closed forms, and hypothesis properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mathviz.core.pca import (
    covariance_ellipse,
    covariance_from,
    pca,
    sample_cloud,
    sample_correlation,
    sample_covariance,
)

entry = st.floats(-100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)
clouds = st.tuples(st.integers(3, 40), st.integers(1, 4)).flatmap(lambda s: arrays(np.float64, s, elements=entry))


def test_matches_eigh_of_np_cov():
    X = sample_cloud([3.0, 1.0], covariance_from((2.0, 0.7), 0.8), 200, seed=4)
    r = pca(X)
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    np.testing.assert_allclose(r.explained_variance, values[::-1], rtol=1e-10)
    for k in range(2):  # the same axes, up to sign
        assert abs(r.components[k] @ vectors[:, 1 - k]) == pytest.approx(1.0, abs=1e-10)
    np.testing.assert_allclose(r.mean, X.mean(axis=0))
    assert r.explained_ratio.sum() == pytest.approx(1.0)


@given(X=clouds)
def test_matches_the_svd_and_is_orthonormal(X):
    r = pca(X)
    n, d = X.shape
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    expected = np.zeros(d)
    expected[: len(s)] = s ** 2 / (n - 1)
    np.testing.assert_allclose(r.explained_variance, expected, rtol=1e-9, atol=1e-9 * max(1, expected.max()))
    np.testing.assert_allclose(r.components @ r.components.T, np.eye(d), atol=1e-10)
    assert np.all(np.diff(r.explained_variance) <= 1e-9 * max(1, expected.max()))
    for row in r.components:  # the sign rule: the largest coordinate (first, on a tie) is positive
        assert row[np.argmax(np.round(np.abs(row), 12))] > 0


@given(X=clouds, data=st.data())
def test_reconstruction_error_is_the_dropped_variance(X, data):
    r = pca(X)
    n, d = X.shape
    k = data.draw(st.integers(0, d))
    error = float(np.sum((X - r.reconstruct(X, k)) ** 2))
    dropped = float(r.explained_variance[k:].sum()) * (n - 1)
    scale = max(1.0, float(np.sum((X - X.mean(axis=0)) ** 2)))
    assert error == pytest.approx(dropped, abs=1e-9 * scale)
    np.testing.assert_allclose(r.reconstruct(X, d), X, atol=1e-9 * np.sqrt(scale))
    # the projections' variance along axis j is that axis' variance
    Z = r.project(X, d)
    np.testing.assert_allclose(Z.var(axis=0, ddof=1), r.explained_variance, atol=1e-9 * scale)


def test_a_cloud_on_a_line_keeps_everything_on_one_axis():
    t = np.linspace(-3, 5, 11)
    X = np.column_stack([1 + 2 * t, -1 + t])
    r = pca(X)
    np.testing.assert_allclose(r.explained_ratio, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(r.components[0], np.array([2, 1]) / np.sqrt(5))
    np.testing.assert_allclose(r.reconstruct(X, 1), X, atol=1e-12)
    assert r.explained_variance[0] == pytest.approx(5 * np.var(t, ddof=1))


def test_identical_points_have_no_variance():
    r = pca(np.ones((4, 2)))
    assert np.all(r.explained_variance == 0) and np.all(r.explained_ratio == 0)


def test_sampling_is_seeded_and_has_the_asked_covariance():
    C = covariance_from((2.0, 0.5), -0.6)
    np.testing.assert_allclose(C, [[4.0, -0.6], [-0.6, 0.25]])
    a, b = sample_cloud([0, 0], C, 20000, seed=11), sample_cloud([0, 0], C, 20000, seed=11)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.cov(a, rowvar=False), C, atol=0.08)
    assert not np.array_equal(a, sample_cloud([0, 0], C, 20000, seed=12))


def test_the_ellipse_is_the_covariance_level_set():
    X = sample_cloud([1.0, -2.0], covariance_from((1.5, 1.0), 0.5), 100, seed=3)
    r = pca(X)
    E = covariance_ellipse(r, 2.0, 60) - r.mean
    S = np.cov(X, rowvar=False)
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", E, np.linalg.inv(S), E), 4.0, rtol=1e-9)


@pytest.mark.parametrize("call, message", [
    (lambda: pca(np.ones((1, 2))), "at least 2 rows"),
    (lambda: pca([[1.0, np.nan], [0.0, 0.0]]), "not finite"),
    (lambda: pca(np.eye(3)).project(np.eye(3), 4), "k = 4"),
    (lambda: covariance_from((1.0, 1.0), 1.5), r"\[-1, 1\]"),
    (lambda: covariance_from((-1.0, 1.0), 0.5), "at least 0"),
    (lambda: sample_cloud([0, 0], [[1, 2], [2, 1]], 5, 0), "not positive semi-definite"),
    (lambda: sample_cloud([0, 0], [[1, 0.5], [0, 1]], 5, 0), "symmetric"),
])
def test_bad_arguments_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@given(X=st.integers(3, 30).flatmap(lambda n: arrays(np.float64, (n, 2), elements=st.floats(-50, 50))))
def test_covariance_and_correlation_match_numpy(X):
    np.testing.assert_allclose(sample_covariance(X), np.cov(X, rowvar=False), rtol=1e-9, atol=1e-9)
    S = np.cov(X, rowvar=False)
    if S[0, 0] > 1e-6 and S[1, 1] > 1e-6:
        assert sample_correlation(X) == pytest.approx(np.corrcoef(X, rowvar=False)[0, 1], abs=1e-9)
    assert -1 <= sample_correlation(X) <= 1
