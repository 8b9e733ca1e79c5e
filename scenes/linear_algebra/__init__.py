"""Linear algebra: change of basis, and the SVD as rotate-scale-rotate."""
