"""Small helpers for the monthly hot path (at county scale a month is dozens of numpy calls on
arrays of ~150 elements, so Python-level call overhead is most of the cost).

`clip` is the ufunc that `np.clip` ends up calling for float arrays with both bounds given, so
results are identical; calling it directly skips `np.clip`'s Python wrappers (~1.5 µs a call).
Use it only on float arrays with two (non-None) bounds.
"""

from __future__ import annotations

import numpy as np

try:  # private location (numpy 2.x); np.clip calls the same ufunc, so the fallback is identical
    from numpy._core.umath import clip
except ImportError:  # pragma: no cover - a future numpy that moves it
    clip = np.clip
